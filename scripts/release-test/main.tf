# Configuration for `make release-test` (scripts/release-test.sh). It installs
# the snapshot release from a local filesystem mirror, exactly as a user would
# get it from the registry, and runs it against the Graph API emulator.
#
# The script replaces RELEASE_TEST_VERSION with the snapshot's version; the
# provider reads FACEBOOK_BASE_URL and FACEBOOK_ACCESS_TOKEN from the
# environment (written by the emulator), and the variables come from
# TF_VAR_page_id and TF_VAR_business_id.
terraform {
  required_providers {
    facebook = {
      source  = "pageops/facebook"
      version = "RELEASE_TEST_VERSION"
    }
  }
}

provider "facebook" {}

variable "page_id" {
  type = string
}

variable "business_id" {
  type = string
}

resource "facebook_page_agency" "release_test" {
  page_id         = var.page_id
  business_id     = var.business_id
  permitted_tasks = ["ADVERTISE", "ANALYZE"]
}
