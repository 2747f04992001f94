# The set of a business's people on a Page is imported by "<page_id>/<business_id>".
import {
  to = facebook_page_assigned_users_exclusive.page
  id = "100000000000001/200000000000001"
}
