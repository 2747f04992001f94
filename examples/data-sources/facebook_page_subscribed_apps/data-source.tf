# Every app receiving the Page's webhooks, managed by Terraform or not.
data "facebook_page_subscribed_apps" "all" {
  page_id = "100000000000001"
}

output "apps_receiving_messages" {
  value = [for a in data.facebook_page_subscribed_apps.all.apps : a.name if contains(a.subscribed_fields, "messages")]
}
