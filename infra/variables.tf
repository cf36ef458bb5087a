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
  description = "Mackerel organization names (the self-watch org included); each gets a Secret Manager secret mackerel-api-key-<org> that org-audit, reconcile, probe and the monitors-as-code builds (monitors.tf) may read."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for org in var.orgs : can(regex("^[A-Za-z0-9_-]{1,200}$", org))])
    error_message = "Each org must be a valid Secret Manager id fragment: letters, digits, '_' or '-'."
  }
}

variable "public_webhook_base_url" {
  description = "Base of the public webhook URL, without /hooks/mackerel (e.g. https://hooks.example.com behind an HTTPS load balancer); empty: the intake function's https://REGION-PROJECT.cloudfunctions.net/intake."
  type        = string
  default     = ""

  validation {
    condition     = var.public_webhook_base_url == "" || can(regex("^https://[^/?#@]+(/[^?#]*)?$", var.public_webhook_base_url))
    error_message = "public_webhook_base_url is empty or an https:// URL without query, fragment or user info."
  }
  validation {
    condition     = !strcontains(var.public_webhook_base_url, "/hooks/mackerel")
    error_message = "public_webhook_base_url stops before /hooks/mackerel (the CLI and the audit append it)."
  }
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

variable "notify_target_secrets" {
  description = "Secret Manager secrets holding Slack / Teams webhook URLs and PagerDuty routing keys that routes name as targets; the mailer may read them."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.notify_target_secrets : can(regex("^[A-Za-z0-9_-]{1,255}$", name))])
    error_message = "Each name must be a valid Secret Manager secret id."
  }
}

variable "tf_state_bucket" {
  description = "The Terraform state bucket (created by hand before the first init, infra/README.md); the PR planner may read it, and the triggers pass it to their builds."
  type        = string
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) the Cloud Build triggers build; connect it to Cloud Build (GitHub app) before the first apply."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository is owner/name."
  }
}

variable "console_domain" {
  description = "Host name of the operator console (e.g. console.example.jp): the managed certificate is issued for it and its DNS A record points at the console_ip_address output; CONSOLE_ORIGIN is https://<this>."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.console_domain))
    error_message = "console_domain is a lower-case host name (console.example.jp): no scheme, port, path or trailing dot."
  }
}

variable "console_members" {
  description = "Who may pass Identity-Aware Proxy to the console (IAP-secured Web App User on its backend), e.g. [\"group:noc@msp.example\"]; with the Google-managed OAuth client only identities of the project's organization can sign in. Roles inside the console: msp-ops console grant."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.console_members : can(regex("^(user|group|serviceAccount):[^@\\s]+@[^@\\s]+\\.[^@\\s]+$|^domain:[a-z0-9.-]+\\.[a-z]{2,63}$", m))])
    error_message = "Each member is user:<email>, group:<email>, serviceAccount:<email> or domain:<domain>; never allUsers or allAuthenticatedUsers."
  }
}

variable "probe_fixed_egress_ip" {
  description = "Send the probe function's traffic through a Serverless VPC Access connector and Cloud NAT, so that every probe leaves from one reserved address (output probe_egress_ip) that customers can allow in their firewalls; off, probes leave from Google's shared, changing ranges. Costs a connector, a NAT gateway and the address (infra/README.md, Probes: fixed egress IP)."
  type        = bool
  default     = false
}

variable "probe_egress_subnet_cidr" {
  description = "The connector's subnet in its own VPC network (probes-egress.tf), used only while probe_fixed_egress_ip is on: a /28 (a Serverless VPC Access connector takes exactly that), private, unused elsewhere."
  type        = string
  default     = "10.8.0.0/28"

  validation {
    condition     = can(regex("^[0-9.]+/28$", var.probe_egress_subnet_cidr)) && try(cidrhost(var.probe_egress_subnet_cidr, 0) == split("/", var.probe_egress_subnet_cidr)[0], false)
    error_message = "probe_egress_subnet_cidr is an IPv4 /28 given by its first address, e.g. 10.8.0.0/28 (private, and unused in the project)."
  }
}
