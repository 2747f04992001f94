# End-to-end example run by `make demo` against the local Graph API emulator.
# It works unchanged against Meta's API: export FACEBOOK_ACCESS_TOKEN and set
# page_id and business_id (TF_VAR_page_id, TF_VAR_business_id).

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
