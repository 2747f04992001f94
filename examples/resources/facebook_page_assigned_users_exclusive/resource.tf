# The CI system user is the only person of the business with tasks on the
# Page; people of other businesses are not touched.
resource "facebook_page_assigned_user" "ci" {
  page_id     = "100000000000001"
  business_id = "200000000000001"
  user_id     = "400000000000001"
  tasks       = ["MANAGE"]
}

resource "facebook_page_assigned_users_exclusive" "page" {
  page_id     = "100000000000001"
  business_id = "200000000000001"
  # Refer to the grants, so that they are made before the set is enforced.
  user_ids = [facebook_page_assigned_user.ci.user_id]
}
