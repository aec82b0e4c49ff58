// A throwaway certificate authority and one server certificate for the deploy test's host names (openssl, as an
// operator would make them for a staging machine). Clients trust the CA's certificate, nothing else.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Certificates {
  caCert: Buffer;
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string) {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

export function makeCertificates(dir: string, hostNames: string[]): Certificates {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "2",
      "-subj",
      "/CN=Kizuna deploy test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  openssl(["req", "-new", ...ec, "-keyout", "site.key", "-out", "site.csr", "-subj", `/CN=${hostNames[0]}`], dir);
  writeFileSync(
    path.join(dir, "site.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=${hostNames.map((name) => `DNS:${name}`).join(",")}`,
    ].join("\n"),
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "site.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "site.crt",
      "-days",
      "2",
      "-extfile",
      "site.ext",
    ],
    dir,
  );
  return { caCert: readFileSync(path.join(dir, "ca.crt")), certFile: path.join(dir, "site.crt"), keyFile: path.join(dir, "site.key") };
}
