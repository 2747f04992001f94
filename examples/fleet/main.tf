# Every Page of a business, governed as one: the agency that runs the ads
# on each, no other agency anywhere, and only the business's CI system
# user among its people on each Page.
terraform {
  required_providers {
    facebook = { source = "pageops/facebook" }
  }
}

provider "facebook" {
  # access_token from FACEBOOK_ACCESS_TOKEN: a system-user token of the
  # business, with business_management and pages_show_list. Its Page tokens
  # come from one listing of /me/accounts, 100 Pages a call.
}

variable "business_id" {
  description = "The business (portfolio) whose Pages are governed."
  type        = string
  default     = "200000000000001"
}

variable "agency_id" {
  description = "The agency business that runs the ads on every Page."
  type        = string
  default     = "200000000000002"
}

variable "ci_user_id" {
  description = "The business's CI system user, the only person with tasks on the Pages."
  type        = string
  default     = "400000000000001"
}

data "facebook_business_pages" "all" {
  business_id = var.business_id
}

locals {
  # Owned Pages only: client Pages are their owners' to govern.
  pages = { for p in data.facebook_business_pages.all.pages : p.id => p.name if p.relationship == "owned" }
}

resource "facebook_page_agency" "ads" {
  for_each        = local.pages
  page_id         = each.key
  business_id     = var.agency_id
  permitted_tasks = ["ADVERTISE", "ANALYZE"]
}

resource "facebook_page_agencies_exclusive" "each" {
  for_each     = local.pages
  page_id      = each.key
  business_ids = [facebook_page_agency.ads[each.key].business_id]
}

resource "facebook_page_assigned_user" "ci" {
  for_each    = local.pages
  page_id     = each.key
  business_id = var.business_id
  user_id     = var.ci_user_id
  tasks       = ["MANAGE"]
}

resource "facebook_page_assigned_users_exclusive" "each" {
  for_each    = local.pages
  page_id     = each.key
  business_id = var.business_id
  user_ids    = [facebook_page_assigned_user.ci[each.key].user_id]
}

output "governed_pages" {
  value = values(local.pages)
}
