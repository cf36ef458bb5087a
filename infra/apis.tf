locals {
  # Every API the resources in this directory use, but Cloud Resource Manager (below).
  # serviceusage.googleapis.com itself must already be enabled (it is on new projects) for Terraform to
  # enable the rest.
  apis = [
    "artifactregistry.googleapis.com", # images that Cloud Functions builds
    "cloudbuild.googleapis.com",       # function builds and the CI pipeline
    "cloudfunctions.googleapis.com",   # google_cloudfunctions2_function
    "cloudscheduler.googleapis.com",   # google_cloud_scheduler_job
    "compute.googleapis.com",          # the console's load balancer (console.tf); probe's fixed egress (probes-egress.tf)
    "firestore.googleapis.com",        # google_firestore_*
    "iam.googleapis.com",              # service accounts
    "iap.googleapis.com",              # Identity-Aware Proxy in front of the console
    "logging.googleapis.com",          # log-based metrics
    "monitoring.googleapis.com",       # alert policies, notification channels
    "pubsub.googleapis.com",           # topics, push subscriptions
    "run.googleapis.com",              # the Cloud Run services behind gen2 functions
    "secretmanager.googleapis.com",    # secrets
    "storage.googleapis.com",          # function source bucket
    # probe's connector (probes-egress.tf). Enabled whether or not var.probe_fixed_egress_ip is on: an
    # enabled API costs nothing, and turning the option on then waits for no API.
    "vpcaccess.googleapis.com",
  ]
}

resource "google_project_service" "api" {
  for_each = toset(local.apis)

  project = var.project_id
  service = each.key

  # Destroying this stack must not switch APIs off for anything else in the project.
  disable_on_destroy = false
}

# Cloud Resource Manager on its own: data.google_project (versions.tf) waits for exactly this resource,
# which never changes after day one. Waiting for the whole set above would defer the read (and so
# replace every grant to the Pub/Sub service agent) whenever an API is added to the list.
resource "google_project_service" "resource_manager" {
  project = var.project_id
  service = "cloudresourcemanager.googleapis.com" # project IAM, data.google_project

  disable_on_destroy = false
}

moved {
  from = google_project_service.api["cloudresourcemanager.googleapis.com"]
  to   = google_project_service.resource_manager
}
