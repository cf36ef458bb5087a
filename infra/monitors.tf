# Monitors as code: the monitors/ templates, rendered per org and applied through each org's own key.
#
#   pull-request  cloudbuild-monitors-pr.yaml  monitors-diff  msp-ops monitors diff --all --exit-code
#   main          cloudbuild-monitors.yaml     monitors-push  msp-ops monitors push --all --revision $COMMIT_SHA
#
# Both run only when a change touches monitors/**. Both accounts read every mackerel-api-key-<org>
# secret (secrets.tf), one grant per secret; the diff account reads Firestore, the push account also
# writes it (the monitorPlans/{org} documents the audit compares each org with).
#
# A new org's secret and these grants come with the main trigger's apply (cloudbuild.tf), which runs
# beside the monitors push: a push that got there first fails for that org; rerun it.

# ---------------------------------------------------------------------------------------------------------
# Diff: pull requests. The pull request supplies the build config and the CLI, and the account holds every
# org's Mackerel key, which can write to that org's Mackerel: a pull request's code must never run with it
# unreviewed. So unlike the read-only planner's trigger, comment control covers collaborators too: no pull
# request builds without a collaborator's /gcbrun (a comment, or in the description of their own).
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "monitors_diff" {
  account_id   = "monitors-diff"
  display_name = "Cloud Build: monitors diff of pull requests (org keys, Firestore read)"

  depends_on = [google_project_service.api]
}

locals {
  monitors_diff_roles = [
    "roles/datastore.viewer",  # the orgs collection (no writes: diff records no plan)
    "roles/logging.logWriter", # the build's own logs (options.logging: CLOUD_LOGGING_ONLY)
  ]
}

resource "google_project_iam_member" "monitors_diff" {
  for_each = toset(local.monitors_diff_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.monitors_diff.email}"

  depends_on = [google_project_service.resource_manager]
}

resource "google_secret_manager_secret_iam_member" "monitors_diff_mackerel_api_key" {
  for_each = toset(var.orgs)

  secret_id = google_secret_manager_secret.mackerel_api_key[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.monitors_diff.email}"
}

resource "google_cloudbuild_trigger" "monitors_pull_request" {
  name            = "msp-ops-monitors-pull-request"
  location        = "global"
  description     = "Pull requests to main touching monitors/: what they would change in each org's Mackerel (diff only)."
  filename        = "cloudbuild-monitors-pr.yaml"
  service_account = google_service_account.monitors_diff.id
  included_files  = ["monitors/**"]

  github {
    owner = local.github_owner
    name  = local.github_name

    pull_request {
      branch          = "^main$"
      comment_control = "COMMENTS_ENABLED"
    }
  }

  depends_on = [
    google_project_service.api,
    google_project_iam_member.monitors_diff,
  ]
}

# ---------------------------------------------------------------------------------------------------------
# Push: merges to main. Creates and updates the managed monitors and downtimes of every org; it never
# deletes (no --prune): pruning is a deliberate manual run (msp-ops monitors push --all --prune).
# ---------------------------------------------------------------------------------------------------------

resource "google_service_account" "monitors_push" {
  account_id   = "monitors-push"
  display_name = "Cloud Build: monitors push on main (org keys, Firestore read/write)"

  depends_on = [google_project_service.api]
}

locals {
  monitors_push_roles = [
    "roles/datastore.user",    # orgs (read), monitorPlans/{org} (write)
    "roles/logging.logWriter", # the build's own logs (options.logging: CLOUD_LOGGING_ONLY)
  ]
}

resource "google_project_iam_member" "monitors_push" {
  for_each = toset(local.monitors_push_roles)

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.monitors_push.email}"

  depends_on = [google_project_service.resource_manager]
}

resource "google_secret_manager_secret_iam_member" "monitors_push_mackerel_api_key" {
  for_each = toset(var.orgs)

  secret_id = google_secret_manager_secret.mackerel_api_key[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.monitors_push.email}"
}

resource "google_cloudbuild_trigger" "monitors_main" {
  name            = "msp-ops-monitors-main"
  location        = "global"
  description     = "Pushes to main touching monitors/: push the templates to every org's Mackerel (no prune)."
  filename        = "cloudbuild-monitors.yaml"
  service_account = google_service_account.monitors_push.id
  included_files  = ["monitors/**"]

  github {
    owner = local.github_owner
    name  = local.github_name

    push {
      branch = "^main$"
    }
  }

  depends_on = [
    google_project_service.api,
    google_project_iam_member.monitors_push,
  ]
}
