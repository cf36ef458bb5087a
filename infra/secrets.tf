# Secret values are never in Terraform (they would land in state): add versions out of band, e.g.
#   printf %s "$KEY" | gcloud secrets versions add sendgrid-api-key --data-file=-
#
# Accessor grants: one google_secret_manager_secret_iam_member per function and secret, on that secret
# only. The mailer reads sendgrid-api-key (mounted as SENDGRID_API_KEY) and the chat / paging target
# secrets routes name; org-audit, reconcile and probe the mackerel-api-key-*
# secrets; cdn-usage the CDN token secrets its contracts name; the console console-csrf-key (read at run
# time, not mounted). Intake and backlog-drain read no secret (webhook tokens are stored as hashes in
# Firestore).

resource "google_secret_manager_secret" "sendgrid_api_key" {
  secret_id = "sendgrid-api-key"

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

# The key that signs the console's per-session form tokens (CSRF). No version here: an operator adds one,
#   openssl rand -hex 32 | gcloud secrets versions add console-csrf-key --data-file=-
# (infra/README.md, first-time setup). The console reads the latest version at run time (cached 10
# minutes per instance), so a new version rotates the key; forms open at that moment need a reload.
resource "google_secret_manager_secret" "console_csrf_key" {
  secret_id = "console-csrf-key"

  labels = {
    purpose = "console-csrf-key"
  }

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

resource "google_secret_manager_secret_iam_member" "console_csrf_key" {
  secret_id = google_secret_manager_secret.console_csrf_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["console"].email}"
}

# One Mackerel API key per customer organization, by naming convention mackerel-api-key-<org>.
resource "google_secret_manager_secret" "mackerel_api_key" {
  for_each = toset(var.orgs)

  secret_id = "mackerel-api-key-${each.key}"

  labels = {
    purpose = "mackerel-api-key"
  }

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

# CDN usage API tokens, one secret per name a contract's source names as `tokenSecret`
# (shared/cdn/sources/usage-source-config.ts), e.g. cdn-jstream-token, cdn-fastly-token.
resource "google_secret_manager_secret" "cdn_token" {
  for_each = toset(var.cdn_token_secrets)

  secret_id = each.key

  labels = {
    purpose = "cdn-usage-token"
  }

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

# cdn-usage reads each contract's token at run time.
resource "google_secret_manager_secret_iam_member" "cdn_usage_token" {
  for_each = toset(var.cdn_token_secrets)

  secret_id = google_secret_manager_secret.cdn_token[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["cdn-usage"].email}"
}

# Chat and paging credentials, one secret per name a route's target names (webhookUrlSecret,
# routingKeySecret; shared/notify/targets/notification-target.ts), e.g. slack-noc-webhook. `msp-ops route add`
# refuses a target whose secret has no version, so add the value before the route.
resource "google_secret_manager_secret" "notify_target" {
  for_each = toset(var.notify_target_secrets)

  secret_id = each.key

  labels = {
    purpose = "notify-target"
  }

  replication {
    auto {}
  }

  depends_on = [google_project_service.api]
}

# The mailer reads each target's credential at send time (cached MAILER_SECRET_CACHE_SECONDS).
resource "google_secret_manager_secret_iam_member" "mailer_notify_target" {
  for_each = toset(var.notify_target_secrets)

  secret_id = google_secret_manager_secret.notify_target[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["mailer"].email}"
}

resource "google_secret_manager_secret_iam_member" "mailer_sendgrid_api_key" {
  secret_id = google_secret_manager_secret.sendgrid_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["mailer"].email}"
}

# org-audit reads each org's key at run time (and the self-watch org's, to post metrics).
resource "google_secret_manager_secret_iam_member" "org_audit_mackerel_api_key" {
  for_each = toset(var.orgs)

  secret_id = google_secret_manager_secret.mackerel_api_key[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["org-audit"].email}"
}

# reconcile reads each org's alerts through the org's own key.
resource "google_secret_manager_secret_iam_member" "reconcile_mackerel_api_key" {
  for_each = toset(var.orgs)

  secret_id = google_secret_manager_secret.mackerel_api_key[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["reconcile"].email}"
}

# probe reads each org's key at run time (its host list, the probed hosts' metrics), and the self-watch
# org's to post the probes' own figures.
resource "google_secret_manager_secret_iam_member" "probe_mackerel_api_key" {
  for_each = toset(var.orgs)

  secret_id = google_secret_manager_secret.mackerel_api_key[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function["probe"].email}"
}
