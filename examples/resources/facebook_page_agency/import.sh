# An existing assignment is imported by "<page_id>/<business_id>".
terraform import facebook_page_agency.acme 100000000000001/200000000000001
