# Every user of two businesses with tasks on two Pages (Meta lists a Page's
# assigned users one business at a time, so the businesses are required):
#   terraform query
# and configuration that imports them, with an empty plan once applied:
#   terraform query -generate-config-out=people.tf
list "facebook_page_assigned_user" "all" {
  provider = facebook

  config {
    page_ids     = ["100000000000001", "100000000000002"]
    business_ids = ["200000000000001", "200000000000002"]
  }
}

# Only the users of one business who may manage the Page.
list "facebook_page_assigned_user" "managers" {
  provider = facebook

  config {
    page_ids     = ["100000000000001"]
    business_ids = ["200000000000001"]
    tasks        = ["MANAGE"]
  }
}
