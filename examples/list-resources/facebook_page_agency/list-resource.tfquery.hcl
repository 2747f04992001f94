# Every agency of two Pages:
#   terraform query
# and configuration that imports them, with an empty plan once applied:
#   terraform query -generate-config-out=agencies.tf
list "facebook_page_agency" "all" {
  provider = facebook

  config {
    page_ids = ["100000000000001", "100000000000002"]
  }
}

# Only confirmed agencies that may advertise, among the two named.
list "facebook_page_agency" "advertisers" {
  provider = facebook

  config {
    page_ids        = ["100000000000001"]
    business_ids    = ["200000000000001", "200000000000002"]
    permitted_tasks = ["ADVERTISE"]
    access_statuses = ["CONFIRMED"]
  }
}
