# The two Cloud Build triggers of the pipeline itself, each with its own build config and service account
# (iam.tf); the monitors-as-code triggers are in monitors.tf:
#
#   pull-request  cloudbuild-pr.yaml  cloud-build-planner   test, build, fmt, validate, plan (read-only)
#   main          cloudbuild.yaml     cloud-build-deployer  the same, then apply exactly that plan
#
# A pull request supplies its own build config and npm scripts, so the account its build runs as is
# all that bounds it: the planner holds no IAM admin role, no actAs and no write. (A serviceAccount in
# the build config of a triggered build does not override the trigger's account.) Comment control: a
# pull request from anyone without write access to the repository builds only after a collaborator
# comments /gcbrun on it.
#
# The repository must be connected to Cloud Build (GitHub app, 1st gen, region global) before the first
# apply (infra/README.md, first-time setup).

locals {
  github_owner = split("/", var.github_repository)[0]
  github_name  = split("/", var.github_repository)[1]

  # What both build configs read (their TF_VAR_* and the state bucket at init).
  build_substitutions = {
    _REGION                = var.region
    _TF_STATE_BUCKET       = var.tf_state_bucket
    _SOURCE_ARCHIVE_BUCKET = var.source_archive_bucket
    _ALERT_EMAIL           = var.alert_email
    _MAIL_FROM_ADDRESS     = var.mail_from_address
    _AUDIT_MAIL_TO         = var.audit_mail_to
    _SELF_WATCH_ORG        = var.self_watch_org
  }
}

resource "google_cloudbuild_trigger" "pull_request" {
  name            = "msp-ops-pull-request"
  location        = "global"
  description     = "Pull requests to main: tests, build, terraform fmt/validate/plan as the read-only planner."
  filename        = "cloudbuild-pr.yaml"
  service_account = google_service_account.planner.id

  github {
    owner = local.github_owner
    name  = local.github_name

    pull_request {
      branch          = "^main$"
      comment_control = "COMMENTS_ENABLED_FOR_EXTERNAL_CONTRIBUTORS_ONLY"
    }
  }

  substitutions = local.build_substitutions

  depends_on = [
    google_project_service.api,
    google_project_iam_member.planner,
  ]
}

resource "google_cloudbuild_trigger" "main" {
  name            = "msp-ops-main"
  location        = "global"
  description     = "Pushes to main: tests, build, terraform plan and apply as the deployer."
  filename        = "cloudbuild.yaml"
  service_account = google_service_account.deployer.id

  github {
    owner = local.github_owner
    name  = local.github_name

    push {
      branch = "^main$"
    }
  }

  substitutions = {
    _APPLY                 = "true"
    _REGION                = var.region
    _TF_STATE_BUCKET       = var.tf_state_bucket
    _SOURCE_ARCHIVE_BUCKET = var.source_archive_bucket
    _ALERT_EMAIL           = var.alert_email
    _MAIL_FROM_ADDRESS     = var.mail_from_address
    _AUDIT_MAIL_TO         = var.audit_mail_to
    _SELF_WATCH_ORG        = var.self_watch_org
  }

  depends_on = [
    google_project_service.api,
    google_project_iam_member.deployer,
  ]
}
