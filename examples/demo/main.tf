# End-to-end example run by `make demo` against the local Graph API emulator.
# It works unchanged against Meta's API: export FACEBOOK_ACCESS_TOKEN and set
# page_id and business_id (TF_VAR_page_id, TF_VAR_business_id), and
# optionally recipient_id (TF_VAR_recipient_id).

terraform {
  required_providers {
    facebook = {
      source = "pageops/facebook"
    }
  }
}

# Configured from FACEBOOK_ACCESS_TOKEN (and FACEBOOK_BASE_URL for the emulator).
provider "facebook" {}

variable "page_id" {
  description = "Numeric id of the Facebook Page."
  type        = string
}

variable "business_id" {
  description = "Numeric id of the agency business to give access to the Page."
  type        = string
}

variable "recipient_id" {
  description = "PSID of someone who wrote to the Page, to look up who controls that conversation; unset or empty skips the lookup."
  type        = string
  default     = null
}

resource "facebook_page_agency" "agency" {
  page_id         = var.page_id
  business_id     = var.business_id
  permitted_tasks = ["ADVERTISE", "ANALYZE"]
}

output "agency" {
  value = {
    id            = facebook_page_agency.agency.id
    business_name = facebook_page_agency.agency.business_name
    access_status = facebook_page_agency.agency.access_status
    tasks         = facebook_page_agency.agency.permitted_tasks
  }
}

# The newest Messenger inbox conversations (at most 100 by default).
data "facebook_page_conversations" "inbox" {
  page_id = var.page_id
  folder  = "inbox"
}

output "unread_conversations" {
  description = "How many of the listed inbox conversations have unread messages."
  value       = length([for c in data.facebook_page_conversations.inbox.conversations : c.id if coalesce(c.unread_count, 0) > 0])
}

# Which app controls the conversation with var.recipient_id (Conversation Routing).
data "facebook_page_thread_owner" "recipient" {
  count     = var.recipient_id != null && var.recipient_id != "" ? 1 : 0
  page_id   = var.page_id
  recipient = var.recipient_id
}

output "thread_owner" {
  description = "App id that controls the conversation with var.recipient_id; null when none does or no recipient was given."
  value       = one(data.facebook_page_thread_owner.recipient[*].app_id)
}

# Every agency of the Page, read after the assignment above so it is included.
data "facebook_page_agencies" "all" {
  page_id    = var.page_id
  depends_on = [facebook_page_agency.agency]
}

output "agencies" {
  description = "How many agency businesses have access to the Page, and their names."
  value = {
    count = length(data.facebook_page_agencies.all.agencies)
    names = [for a in data.facebook_page_agencies.all.agencies : a.name]
  }
}
