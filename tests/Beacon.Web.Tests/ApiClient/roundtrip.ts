// A partner's client generated from /openapi/v1.json (openapi-typescript types, openapi-fetch calls), type-checked by
// tsc against the generated ./schema (so a field the document does not describe fails to compile) and run with node
// by ApiDocumentTests: police notify, the provider offers and completes the RHI, the council reads the summary.
// Environment: BEACON_URL, POLICE_TOKEN, PROVIDER_TOKEN, COUNTY_TOKEN. Prints one JSON line; exits 1 on a failure.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type NotificationConflict = components["schemas"]["NotificationConflict"];

// Node's globals, declared here so the check needs no @types package.
declare const process: { env: Record<string, string | undefined>; exit(code: number): never };

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const client = (token?: string) =>
  createClient<paths>({ baseUrl: env("BEACON_URL"), headers: token ? { Authorization: `Bearer ${token}` } : {} });

const iso = (hoursAgo: number): string => new Date(Date.now() - hoursAgo * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function main(): Promise<void> {
  const police = client(env("POLICE_TOKEN"));
  const provider = client(env("PROVIDER_TOKEN"));
  const county = client(env("COUNTY_TOKEN"));
  const reference = `SP-TS-${Math.random().toString(36).slice(2, 10)}`;
  const notification: components["schemas"]["NotificationInput"] = {
    police_reference: reference,
    police_person_id: `PP-TS-${Math.random().toString(36).slice(2, 10)}`,
    given_name: "Rowan",
    family_name: `Testperson${Math.floor(100000 + Math.random() * 899999)}`,
    date_of_birth: "2011-05-17",
    gender: "female",
    ethnicity: "WBRI",
    district_code: "E07000197",
    living_situation: "HOME",
    responsible_authority: "860",
    reported_missing_at: iso(48),
    returned_at: iso(24),
    missing_or_absent: "M",
    police_risk: "MEDIUM",
    prevention_interview_at: iso(20),
    notified_at: iso(19),
    circumstances: "Left home after an argument; found at a friend's address.",
  };

  // No token: the document's bearer scheme is required, and the refusal is a problem.
  const anonymous = await client().GET("/api/v1/me");
  check(anonymous.response.status === 401 && anonymous.error?.status === 401, `anonymous: ${anonymous.response.status}`);

  const created = await police.POST("/api/v1/notifications", { body: notification });
  check(created.response.status === 201 && created.data, `notify: ${created.response.status}`);
  const rhi = created.data.return_interview_id;
  check(rhi, "no return interview was opened");

  // A contradicting resend: 409 with the documented differences.
  const resend = await police.POST("/api/v1/notifications", { body: { ...notification, police_risk: "HIGH" } });
  check(resend.response.status === 409 && resend.error, `resend: ${resend.response.status}`);
  const conflict: NotificationConflict = resend.error as NotificationConflict;
  const difference = conflict.differences?.find((d) => d.field === "police_risk");
  check(difference?.stored === "MEDIUM" && difference.received === "HIGH", `differences: ${JSON.stringify(conflict.differences)}`);

  const offered = await provider.POST("/api/v1/return-interviews/{id}/attempts", {
    params: { path: { id: rhi } },
    body: { attempted_at: iso(2), method: "PHONE", outcome: "ARRANGED", note: null },
  });
  check(offered.response.status === 201 && offered.data, `attempt: ${offered.response.status}`);

  const submitted = await provider.PUT("/api/v1/return-interviews/{id}/interview", {
    params: { path: { id: rhi } },
    body: {
      submit: true,
      version: offered.data.version,
      form: {
        interviewed_at: iso(1),
        method: "VIDEO",
        venue: "PLACEMENT",
        reasons: ["FAMILY"],
        primary_reason: "FAMILY",
        where_went: "The park by the canal.",
        harm: "None.",
        exploitation_indicators: ["NONE"],
        childs_words: "I wanted some quiet.",
      },
    },
  });
  check(submitted.response.status === 200 && submitted.data?.status === "COMPLETED", `interview: ${submitted.response.status} ${JSON.stringify(submitted.error)}`);

  // A stale version is refused with a 409 problem.
  const stale = await provider.POST("/api/v1/return-interviews/{id}/outcome", {
    params: { path: { id: rhi } },
    body: { outcome: "NO_CONTACT", declined_by: null, not_offered_reason: null, note: null, version: offered.data.version },
  });
  check(stale.response.status === 409 && stale.error?.status === 409, `stale outcome: ${stale.response.status}`);

  const summary = await county.GET("/api/v1/return-interviews/{id}/summary", { params: { path: { id: rhi } } });
  check(summary.response.status === 200 && summary.data, `summary: ${summary.response.status}`);
  check(summary.data.childs_words === "I wanted some quiet.", "the summary does not carry the child's words");

  const missing = await county.GET("/api/v1/return-interviews/{id}/summary", { params: { path: { id: "00000000-0000-0000-0000-000000000000" } } });
  check(missing.response.status === 404 && missing.error?.status === 404, `missing summary: ${missing.response.status}`);

  console.log(JSON.stringify({ ok: true, return_interview_id: rhi, status: submitted.data.status, primary_reason: summary.data.primary_reason }));
}

main().catch((error: unknown) => {
  console.log(JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) }));
  process.exit(1);
});
