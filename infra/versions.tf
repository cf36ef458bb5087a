terraform {
  # cloudbuild.yaml runs hashicorp/terraform:1.9.
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
  }

  # State lives in GCS. The bucket is not named here; it is supplied at init:
  #   terraform init -backend-config=bucket=<state bucket>
  # (cloudbuild.yaml passes $_TF_STATE_BUCKET). Create it once, with versioning on, before the first init.
  backend "gcs" {
    prefix = "msp-ops-pipeline"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

data "google_project" "this" {
  project_id = var.project_id
}
