# The Pages a business owns and its clients' Pages it has access to.
data "facebook_business_pages" "acme" {
  business_id = "200000000000001"
}

output "owned_page_ids" {
  value = [for p in data.facebook_business_pages.acme.pages : p.id if p.relationship == "owned"]
}
