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

variable "mail_from_address" {
  description = "Sender of every notification mail; must be a verified sender identity in SendGrid."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.mail_from_address))
    error_message = "mail_from_address must be an e-mail address."
  }
}

variable "mail_from_name" {
  description = "Display name of the notification sender."
  type        = string
  default     = "MSP Ops"
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
