# All the doors to one Page, as code: which agency businesses, which people
# (business and system users) and which app's webhooks.
terraform {
  required_providers {
    facebook = { source = "pageops/facebook" }
  }
}

provider "facebook" {
  # access_token from FACEBOOK_ACCESS_TOKEN: a system-user token of the
  # business that owns the Page, issued through the app below.
}

variable "page_id" {
  type    = string
  default = "100000000000001"
}

variable "business_id" {
  description = "The business that owns the Page and whose users get tasks on it."
  type        = string
  default     = "200000000000001"
}

locals {
  # Agency businesses and what they may do.
  agencies = {
    "200000000000002" = ["ADVERTISE", "ANALYZE"]
  }
  # People of the business and their tasks.
  people = {
    "400000000000001" = ["MANAGE"]
    "400000000000002" = ["MESSAGING", "MODERATE"]
  }
}

resource "facebook_page_agency" "agency" {
  for_each        = local.agencies
  page_id         = var.page_id
  business_id     = each.key
  permitted_tasks = each.value
}

resource "facebook_page_assigned_user" "person" {
  for_each    = local.people
  page_id     = var.page_id
  business_id = var.business_id
  user_id     = each.key
  tasks       = each.value
}

# The app the Page token belongs to receives the Page's Messenger webhooks.
resource "facebook_page_subscribed_app" "webhooks" {
  page_id           = var.page_id
  subscribed_fields = ["messages", "messaging_postbacks", "messaging_handovers"]
}

# Who else has access, for review: every agency and every user of the
# business on the Page, whether Terraform manages them or not.
data "facebook_page_agencies" "all" {
  page_id = var.page_id
}

data "facebook_page_assigned_users" "all" {
  page_id     = var.page_id
  business_id = var.business_id
}

output "unmanaged_agencies" {
  value = [for a in data.facebook_page_agencies.all.agencies : a.id if !contains(keys(local.agencies), a.id)]
}

output "unmanaged_people" {
  value = [for u in data.facebook_page_assigned_users.all.assigned_users : u.id if !contains(keys(local.people), u.id)]
}

output "webhook_app" {
  value = facebook_page_subscribed_app.webhooks.app_id
}
