# The set of a business's people on a Page is imported by its identity.
import {
  to = facebook_page_assigned_users_exclusive.page
  identity = {
    page_id     = "100000000000001"
    business_id = "200000000000001"
  }
}
