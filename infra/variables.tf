variable "project_id" {
  description = "Google Cloud project that hosts the pipeline."
  type        = string
}

variable "region" {
  description = "Region of the functions, the scheduler jobs and the source bucket."
  type        = string
  default     = "asia-northeast1"
}

variable "firestore_location" {
  description = "Firestore database location (cannot be changed after creation)."
  type        = string
  default     = "asia-northeast1"
}

variable "source_archive_bucket" {
  description = "Name of the GCS bucket (created here) that holds the zipped function sources."
  type        = string
}

variable "alert_email" {
  description = "Email address that receives the pipeline's alert notifications."
  type        = string
}

variable "orgs" {
  description = "Mackerel organization names; each gets a Secret Manager secret mackerel-api-key-<org>."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for org in var.orgs : can(regex("^[A-Za-z0-9_-]{1,200}$", org))])
    error_message = "Each org must be a valid Secret Manager id fragment: letters, digits, '_' or '-'."
  }
}
