# The webhook subscription of each Page's token app, on two Pages:
#   terraform query
# and configuration that imports them, with an empty plan once applied:
#   terraform query -generate-config-out=webhooks.tf
list "facebook_page_subscribed_app" "webhooks" {
  provider = facebook

  config {
    page_ids = ["100000000000001", "100000000000002"]
  }
}
