// Admin › Jobs: every scheduled job with its schedule (Japan time), next run and last outcome, "Run now",
// the recent runs with their attempts and errors, and the daily reports.
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/ui/alert";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDateTime } from "~/lib/format";
import { replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { requestRun } from "~/modules/ops/job-control.server";
import { jobsOverview } from "~/modules/ops/jobs-view.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

const TONE: Record<string, BadgeTone> = { running: "primary", retrying: "warning", succeeded: "success", failed: "danger" };
const RunSchema = z.object({ job: z.string().min(1).max(100) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "jobs", "read");
  return { ...(await jobsOverview()), canRun: can(actor.role, "jobs", "update") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "jobs", "update");
  const submission = parseWithZod(await readForm(request), { schema: RunSchema });
  if (submission.status !== "success") return replyInvalid(submission, { message: "jobs.unknown", job: null as string | null });
  const { job } = submission.value;
  const run = await requestRun(
    job,
    { registry: context.registry, logger: context.logger },
    { actorId: actor.id, origin: requestOrigin(request) },
  );
  if (!run.ok) return replyFailure(submission, run, { message: run.message, job: run.kind === "bad_request" ? null : job });
  return replyOk(submission, { message: run.queued ? "jobs.queued" : "jobs.started", job: job as string | null });
}

export default function Jobs() {
  const { jobs, runs, reports, canRun } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-black">{t("admin.jobs")}</h1>
      {result && navigation.state === "idle" ? (
        <Alert tone={result.ok ? "success" : "error"}>{t(result.message, { job: result.job })}</Alert>
      ) : null}
      <Table caption={t("jobs.scheduled")}>
        <thead>
          <tr>
            <Th>{t("jobs.job")}</Th>
            <Th>{t("jobs.schedule")}</Th>
            <Th>{t("jobs.next")}</Th>
            <Th>{t("jobs.last")}</Th>
            {canRun ? <Th className="text-right">{t("jobs.actions")}</Th> : null}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <Tr key={job.name} data-job={job.name}>
              <Td>
                <div className="font-semibold">{t(`jobs.names.${job.name}`, { defaultValue: job.name })}</div>
                <code className="text-xs text-muted">{job.name}</code>
              </Td>
              <Td>
                <code className="text-sm">{job.schedule}</code>
              </Td>
              <Td className="whitespace-nowrap text-sm">{job.next ? formatDateTime(job.next, lng) : "—"}</Td>
              <Td className="text-sm">
                {job.last ? (
                  <span className="flex flex-col gap-1">
                    <span className="flex items-center gap-2">
                      <Badge tone={TONE[job.last.status]}>{t(`jobs.statuses.${job.last.status}`)}</Badge>
                      <span className="text-muted">{formatDateTime(job.last.startedAt, lng)}</span>
                    </span>
                    {job.last.error ? <span className="text-red-700">{job.last.error}</span> : null}
                  </span>
                ) : (
                  <span className="text-muted">{t("jobs.never")}</span>
                )}
              </Td>
              {canRun ? (
                <Td className="text-right">
                  <Form method="post">
                    <input type="hidden" name="job" value={job.name} />
                    <Button type="submit" size="sm" variant="secondary" disabled={navigation.state !== "idle"}>
                      {t("jobs.runNow")}
                    </Button>
                  </Form>
                </Td>
              ) : null}
            </Tr>
          ))}
        </tbody>
      </Table>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card>
          <CardTitle>{t("jobs.recent")}</CardTitle>
          <ul className="flex flex-col divide-y divide-border text-sm">
            {runs.map((run) => (
              <li key={run.id} className="flex flex-col gap-1 py-2" data-run={run.id}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={TONE[run.status]}>{t(`jobs.statuses.${run.status}`)}</Badge>
                  <code>{run.job}</code>
                  <span className="text-muted">
                    {formatDateTime(run.startedAt, lng)} · {t(`jobs.triggers.${run.trigger}`)} ·{" "}
                    {t("jobs.attempts", { count: run.attempts })}
                    {run.ms !== null ? ` · ${(run.ms / 1000).toFixed(1)} s` : ""}
                  </span>
                </div>
                {run.error ? <p className="text-red-700">{run.error}</p> : null}
              </li>
            ))}
          </ul>
          {runs.length === 0 ? <p className="text-muted">{t("jobs.noRuns")}</p> : null}
        </Card>
        <Card>
          <CardTitle>{t("jobs.reports")}</CardTitle>
          <ul className="flex flex-col gap-1 text-sm">
            {reports.map((report) => (
              <li key={report.day}>
                <Link to={`/admin/jobs/reports/${report.day}`} className="font-semibold text-primary hover:underline">
                  {report.day}
                </Link>
              </li>
            ))}
          </ul>
          {reports.length === 0 ? <p className="text-muted">{t("jobs.noReports")}</p> : null}
        </Card>
      </div>
    </div>
  );
}
