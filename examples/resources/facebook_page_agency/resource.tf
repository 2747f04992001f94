# Give an agency business access to a Page with two tasks.
resource "facebook_page_agency" "acme" {
  page_id         = "100000000000001"
  business_id     = "200000000000001"
  permitted_tasks = ["ADVERTISE", "ANALYZE"]

  timeouts = {
    create = "5m"
  }
}
