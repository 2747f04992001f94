# An existing assignment is imported by "<page_id>/<business_id>".
import {
  to = facebook_page_agency.acme
  id = "100000000000001/200000000000001"
}
