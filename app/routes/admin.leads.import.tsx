// Admin › Leads › Import: upload a CSV, read the dry-run report (row errors, duplicates in the file and against
// open leads), then import the new rows and watch the progress.
import {
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { translateError } from "~/lib/i18n";
import { statusOf } from "~/lib/result";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { dryRun, getImportJob, ImportFileError, MAX_IMPORT_BYTES, startImport } from "~/modules/leads/import.server";
import { leadSources } from "~/modules/leads/leads.server";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

export const meta: MetaFunction = () => [{ title: "Import leads — Kizuna" }];

const COLUMNS =
  "email, site, name, company, job_title, phone, source, lead_type, status, priority, estimated_value, notes, message, gdpr_consent";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "create");
  const jobId = new URL(request.url).searchParams.get("job");
  const job = jobId ? await getImportJob(jobId, actor.id) : null;
  if (jobId && !job) throw new Response("Not Found", { status: 404 });
  return { job, columns: COLUMNS, maxMb: MAX_IMPORT_BYTES / 1024 / 1024 };
}

type Report = {
  id: string;
  fileName: string;
  total: number;
  ready: number;
  errors: { row: number; field: string; message: string }[];
  duplicates: { row: number; email: string; reason: string }[];
};

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "create");
  const origin = requestOrigin(request);
  if (!/^multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) {
    const form = await readForm(request);
    const importId = String(form.get("importId") ?? "");
    const started = await startImport(importId, actor, origin, context.logger);
    if (started.ok) return redirect(`/admin/leads/import?job=${started.job.id}`);
    // Shown above the form (not a field's error); an import already started links to its progress.
    const jobId = started.code === "started" ? importId : undefined;
    return data({ report: null as Report | null, error: started.message, jobId }, { status: statusOf(started) });
  }
  let form: FormData;
  try {
    form = await readForm(request, (r) =>
      unstable_parseMultipartFormData(r, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES })),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return data({ report: null as Report | null, error: "import.tooLarge" }, { status: 413 });
    throw error;
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0)
    return data({ report: null as Report | null, error: "import.noFile" }, { status: 400 });
  try {
    const run = await dryRun(await file.text(), {
      ownerId: actor.id,
      fileName: file.name.slice(0, 200),
      sources: leadSources(context.registry),
    });
    const report: Report = {
      id: run.id,
      fileName: run.fileName,
      total: run.total,
      ready: run.ready,
      errors: run.errors.slice(0, 500),
      duplicates: run.duplicates.slice(0, 500),
    };
    return { report, error: null };
  } catch (error) {
    if (error instanceof ImportFileError)
      return data({ report: null as Report | null, error: "import.unreadable", detail: error.message }, { status: 400 });
    throw error;
  }
}

export default function ImportLeads() {
  const { job, columns, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const { t } = useTranslation();

  // While an import runs, ask for its progress about twice a second.
  useEffect(() => {
    if (job?.status !== "running") return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 500);
    return () => clearInterval(timer);
  }, [job?.status, revalidator]);

  if (job) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-black">{t("import.title")}</h1>
        <Card data-job={job.status}>
          <CardTitle>{t(`import.status.${job.status}`)}</CardTitle>
          <progress className="w-full" max={Math.max(1, job.total)} value={job.done} aria-label={t("import.progress")} />
          <p className="mt-2" aria-live="polite">
            {t("import.counts", { done: job.done, total: job.total, created: job.created, skipped: job.skipped })}
          </p>
          {job.error ? <Alert tone="error">{job.error}</Alert> : null}
          {job.status !== "running" ? (
            <Link to="/admin/leads?sort=newest" className="mt-3 inline-block font-semibold text-primary hover:underline">
              {t("import.toList")}
            </Link>
          ) : null}
        </Card>
      </div>
    );
  }

  const report = result?.report;
  return (
    <div className="flex flex-col gap-4">
      <Link to="/admin/leads" className="text-sm text-primary hover:underline">
        ← {t("admin.leads")}
      </Link>
      <h1 className="text-2xl font-black">{t("import.title")}</h1>
      <Card>
        <p className="text-sm text-muted">{t("import.help", { maxMb })}</p>
        <p className="mt-1 font-mono text-xs">{columns}</p>
        <Form method="post" encType="multipart/form-data" className="mt-3 flex flex-wrap items-end gap-3">
          <label className="flex flex-col gap-1 text-sm font-semibold">
            {t("import.file")}
            <input type="file" name="file" accept=".csv,text/csv" required />
          </label>
          <Button type="submit" variant="secondary" disabled={navigation.state === "submitting"}>
            {t("import.check")}
          </Button>
        </Form>
      </Card>
      {result?.error ? (
        <Alert tone="error">
          {t(result.error)}
          {"detail" in result && result.detail ? ` (${result.detail})` : ""}
          {"jobId" in result && result.jobId ? (
            <>
              {" "}
              <Link to={`/admin/leads/import?job=${result.jobId}`} className="font-semibold underline">
                {t("import.seeProgress")}
              </Link>
            </>
          ) : null}
        </Alert>
      ) : null}
      {report ? (
        <Card data-report>
          <CardTitle>{t("import.report", { file: report.fileName })}</CardTitle>
          <p data-ready={report.ready}>
            {t("import.summary", {
              total: report.total,
              ready: report.ready,
              errors: report.errors.length,
              duplicates: report.duplicates.length,
            })}
          </p>
          {report.errors.length ? (
            <Table caption={t("import.errors")} className="mt-3">
              <thead>
                <tr>
                  <Th>{t("import.row")}</Th>
                  <Th>{t("import.field")}</Th>
                  <Th>{t("import.problem")}</Th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <Tr key={i} data-error-row={e.row}>
                    <Td>{e.row}</Td>
                    <Td className="font-mono">{e.field}</Td>
                    <Td>{translateError(t, e.message)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          ) : null}
          {report.duplicates.length ? (
            <Table caption={t("import.duplicates")} className="mt-3">
              <thead>
                <tr>
                  <Th>{t("import.row")}</Th>
                  <Th>{t("contact.email")}</Th>
                  <Th>{t("import.problem")}</Th>
                </tr>
              </thead>
              <tbody>
                {report.duplicates.map((d, i) => (
                  <Tr key={i} data-duplicate-row={d.row}>
                    <Td>{d.row}</Td>
                    <Td>{d.email}</Td>
                    <Td>{t(`import.duplicate.${d.reason}`)}</Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          ) : null}
          {report.ready > 0 ? (
            <Form method="post" className="mt-4">
              <input type="hidden" name="importId" value={report.id} />
              <Button type="submit">{t("import.run", { count: report.ready })}</Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
