locals {
  # Every API the resources in this directory use. serviceusage.googleapis.com itself must already be
  # enabled (it is on new projects) for Terraform to enable the rest.
  apis = [
    "artifactregistry.googleapis.com",     # images that Cloud Functions builds
    "cloudbuild.googleapis.com",           # function builds and the CI pipeline
    "cloudfunctions.googleapis.com",       # google_cloudfunctions2_function
    "cloudresourcemanager.googleapis.com", # project IAM, data.google_project
    "cloudscheduler.googleapis.com",       # google_cloud_scheduler_job
    "firestore.googleapis.com",            # google_firestore_*
    "iam.googleapis.com",                  # service accounts
    "logging.googleapis.com",              # log-based metrics
    "monitoring.googleapis.com",           # alert policies, notification channels
    "pubsub.googleapis.com",               # topics, push subscriptions
    "run.googleapis.com",                  # the Cloud Run services behind gen2 functions
    "secretmanager.googleapis.com",        # secrets
    "storage.googleapis.com",              # function source bucket
  ]
}

resource "google_project_service" "api" {
  for_each = toset(local.apis)

  project = var.project_id
  service = each.key

  # Destroying this stack must not switch APIs off for anything else in the project.
  disable_on_destroy = false
}
