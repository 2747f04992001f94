# Acme is the only agency of the Page: any other agency, given access by
# hand or by an old configuration, is removed by the next apply.
resource "facebook_page_agency" "acme" {
  page_id         = "100000000000001"
  business_id     = "200000000000001"
  permitted_tasks = ["ADVERTISE", "ANALYZE"]
}

resource "facebook_page_agencies_exclusive" "page" {
  page_id = "100000000000001"
  # Refer to the grants, so that they are made before the set is enforced.
  business_ids = [facebook_page_agency.acme.business_id]
}
