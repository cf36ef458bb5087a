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
  description = "Mackerel organization names (the self-watch org included); each gets a Secret Manager secret mackerel-api-key-<org> that org-audit may read."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for org in var.orgs : can(regex("^[A-Za-z0-9_-]{1,200}$", org))])
    error_message = "Each org must be a valid Secret Manager id fragment: letters, digits, '_' or '-'."
  }
}

variable "webhook_url_prefix" {
  description = "Where Mackerel webhooks are posted, up to the token (e.g. https://hooks.example.com/hooks/mackerel/); empty: the intake function's cloudfunctions.net URL."
  type        = string
  default     = ""
}

variable "audit_mail_to" {
  description = "Ops mailboxes (comma-separated) that get org audit findings and the 09:00 summary."
  type        = string

  validation {
    condition     = alltrue([for a in split(",", var.audit_mail_to) : can(regex("^[^@\\s]+@[^@\\s]+$", trimspace(a)))])
    error_message = "audit_mail_to is one or more e-mail addresses, comma-separated."
  }
}

variable "audit_mail_language" {
  description = "Language of audit mails: ja or en."
  type        = string
  default     = "ja"

  validation {
    condition     = contains(["ja", "en"], var.audit_mail_language)
    error_message = "audit_mail_language is ja or en."
  }
}

variable "self_watch_org" {
  description = "The MSP's own Mackerel org that receives the pipeline's health as service metrics (list it in orgs too)."
  type        = string
}

variable "cdn_token_secrets" {
  description = "Secret Manager secrets holding CDN usage API tokens (the tokenSecret names of the contracts); cdn-usage may read them."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.cdn_token_secrets : can(regex("^[A-Za-z0-9_-]{1,255}$", name))])
    error_message = "Each name must be a valid Secret Manager secret id."
  }
}
