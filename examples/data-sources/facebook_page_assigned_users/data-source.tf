# Every user of the business with tasks on the Page, managed by Terraform or
# not. Meta lists a Page's users one business at a time.
data "facebook_page_assigned_users" "staff" {
  page_id     = "100000000000001"
  business_id = "200000000000001"
}

output "page_managers" {
  value = [for u in data.facebook_page_assigned_users.staff.assigned_users : u.name if contains(u.tasks, "MANAGE")]
}
