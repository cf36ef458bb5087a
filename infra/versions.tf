terraform {
  # cloudbuild.yaml and cloudbuild-pr.yaml run the hashicorp/terraform image of exactly this release;
  # a workstation may run any 1.x from it on (the dependency lock file pins the providers either way).
  required_version = ">= 1.11.4, < 2.0.0"

  # Exact pins: every `terraform init` selects these versions, and infra/.terraform.lock.hcl (generated
  # once with `terraform providers lock`, see infra/README.md) holds their checksums. Cloud Build runs
  # `init -lockfile=readonly`, so a provider can only change through a reviewed commit of both.
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "6.50.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "2.7.1"
    }
    # time_sleep: waits out eventual consistency on the first apply (monitoring.tf, iam.tf).
    time = {
      source  = "hashicorp/time"
      version = "0.13.1"
    }
  }

  # State lives in GCS. The bucket is not named here; it is supplied at init:
  #   terraform init -backend-config=bucket=<state bucket>
  # (Cloud Build passes $_TF_STATE_BUCKET). Create it once, with versioning on, before the first init.
  backend "gcs" {
    prefix = "msp-ops-pipeline"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

# Read only once apis.tf has enabled Cloud Resource Manager: on a new project the API is off, and a
# read at plan time fails the first plan. With depends_on, the first plan defers the read to the apply
# (the project number is "known after apply" until then); infra/README.md also enables the API by hand
# before the first plan. Later plans read it as usual: the resource it waits for never changes.
data "google_project" "this" {
  project_id = var.project_id

  depends_on = [google_project_service.resource_manager]
}
