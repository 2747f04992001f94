# Every agency business with access to the Page, managed by Terraform or not.
data "facebook_page_agencies" "all" {
  page_id = "100000000000001"
}

output "agencies_that_advertise" {
  value = [for a in data.facebook_page_agencies.all.agencies : a.name if contains(a.permitted_tasks, "ADVERTISE")]
}
