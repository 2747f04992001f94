# An existing assignment is imported by "<page_id>/<business_id>/<user_id>".
import {
  to = facebook_page_assigned_user.deploy_bot
  id = "100000000000001/200000000000001/400000000000001"
}
