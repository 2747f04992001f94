# Give a system user of the business two tasks on a Page. Changing the tasks
# later updates the assignment in place.
resource "facebook_page_assigned_user" "deploy_bot" {
  page_id     = "100000000000001"
  business_id = "200000000000001"
  user_id     = "400000000000001"
  tasks       = ["MANAGE", "MESSAGING"]
}
