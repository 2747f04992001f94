# Subscribe the app of the Page's access token to the Page's Messenger and
# feed webhooks. Setting app_id makes Terraform refuse to act if the Page
# token ever belongs to another app.
resource "facebook_page_subscribed_app" "webhooks" {
  page_id           = "100000000000001"
  app_id            = "900000000000001"
  subscribed_fields = ["messages", "messaging_postbacks", "messaging_handovers", "feed"]
}
