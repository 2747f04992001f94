# An existing assignment is imported by its identity: the Page, the user's
# business and the user.
import {
  to = facebook_page_assigned_user.deploy_bot
  identity = {
    page_id     = "100000000000001"
    business_id = "200000000000001"
    user_id     = "400000000000001"
  }
}
