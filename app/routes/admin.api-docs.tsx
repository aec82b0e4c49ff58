// Admin › API reference: the OpenAPI description (/api/openapi.json) made readable — every operation with its
// parameters, request body fields and responses. Generated from the same document, so it cannot drift.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { requireAdminHost } from "~/lib/site.server";
import { buildOpenApi } from "~/modules/api/openapi";
import { requireAdminAccess } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requireAdminAccess(request);
  return { doc: buildOpenApi() };
}

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxLength?: number;
  minLength?: number;
  format?: string;
  description?: string;
  default?: unknown;
  anyOf?: Schema[];
};
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type OperationDoc = {
  operationId: string;
  summary: string;
  tags: string[];
  security: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

const refName = (schema?: Schema) => schema?.$ref?.split("/").pop();

/** A schema in a few words: "string ≤ 255", "yuya | aoba", "Lead[]", "object". */
function describe(schema: Schema | undefined): string {
  if (!schema) return "—";
  if (schema.$ref) return refName(schema)!;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map(String).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(describe).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  if (type === "array") return `${describe(schema.items)}[]`;
  const limits = [schema.format, schema.minLength ? `≥ ${schema.minLength}` : null, schema.maxLength ? `≤ ${schema.maxLength}` : null]
    .filter(Boolean)
    .join(", ");
  return limits ? `${type} (${limits})` : type;
}

const METHOD_TONE = { get: "success", post: "primary", put: "warning" } as const;

export default function ApiDocs() {
  const { doc } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const schemas = doc.components.schemas as Record<string, Schema>;
  const operations = Object.entries(doc.paths as unknown as Record<string, Record<string, OperationDoc>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("apiDocs.title")}</h1>
        <p className="mt-1 text-muted">
          {t("apiDocs.intro")}{" "}
          <a href="/api/openapi.json" className="font-semibold text-primary hover:underline">
            /api/openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}, v{doc.info.version})
        </p>
      </div>
      <nav aria-label={t("apiDocs.operations")} className="flex flex-wrap gap-2 text-sm">
        {operations.map(({ operation }) => (
          <a
            key={operation.operationId}
            href={`#${operation.operationId}`}
            className="rounded-brand border border-border bg-surface px-2 py-1 font-mono hover:border-primary"
          >
            {operation.operationId}
          </a>
        ))}
      </nav>
      {operations.map(({ path, method, operation }) => {
        const body = operation.requestBody ? Object.entries(operation.requestBody.content)[0] : undefined;
        const bodySchema = body ? schemas[refName(body[1].schema)!] : undefined;
        return (
          <Card key={operation.operationId} id={operation.operationId}>
            <h2 className="flex flex-wrap items-center gap-2 text-lg font-bold">
              <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "neutral"}>{method.toUpperCase()}</Badge>
              <code className="font-mono">{path}</code>
              <span className="text-sm font-normal text-muted">{operation.operationId}</span>
            </h2>
            <p className="mt-2">{operation.summary}</p>
            <p className="mt-1 text-sm text-muted">
              {t("apiDocs.auth")}: {operation.security.map((s) => Object.keys(s)[0] ?? t("apiDocs.public")).join(" / ")}
            </p>
            {operation.parameters?.length ? (
              <Table caption={t("apiDocs.parameters")} className="mt-4">
                <thead>
                  <tr>
                    <Th>{t("apiDocs.name")}</Th>
                    <Th>{t("apiDocs.in")}</Th>
                    <Th>{t("apiDocs.type")}</Th>
                    <Th>{t("apiDocs.required")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {operation.parameters.map((p) => (
                    <Tr key={`${p.in}-${p.name}`}>
                      <Td className="font-mono">{p.name}</Td>
                      <Td>{p.in}</Td>
                      <Td className="font-mono text-xs">{describe(p.schema)}</Td>
                      <Td>{p.required ? "✓" : ""}</Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            ) : null}
            {bodySchema ? (
              <Table caption={`${t("apiDocs.body")} — ${refName(body![1].schema)} (${body![0]})`} className="mt-4">
                <thead>
                  <tr>
                    <Th>{t("apiDocs.field")}</Th>
                    <Th>{t("apiDocs.type")}</Th>
                    <Th>{t("apiDocs.required")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(bodySchema.properties ?? {}).map(([name, field]) => (
                    <Tr key={name}>
                      <Td className="font-mono">{name}</Td>
                      <Td className="font-mono text-xs">{describe(field)}</Td>
                      <Td>{bodySchema.required?.includes(name) ? "✓" : ""}</Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            ) : null}
            <h3 className="mb-1 mt-4 text-sm font-semibold">{t("apiDocs.responses")}</h3>
            <ul className="text-sm">
              {Object.entries(operation.responses).map(([status, response]) => (
                <li key={status}>
                  <span className="font-mono font-bold">{status}</span> {response.description}
                  {response.content ? (
                    <span className="font-mono text-muted"> → {refName(Object.values(response.content)[0]!.schema)}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
        );
      })}
    </div>
  );
}
