# An existing assignment is imported by its identity, the Page and the business.
import {
  to = facebook_page_agency.acme
  identity = {
    page_id     = "100000000000001"
    business_id = "200000000000001"
  }
}
