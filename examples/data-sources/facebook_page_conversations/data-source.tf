# The 20 most recent Messenger inbox conversations tagged "orders".
data "facebook_page_conversations" "orders" {
  page_id     = "100000000000001"
  folder      = "inbox"
  platform    = "MESSENGER"
  tags        = ["orders"]
  max_results = 20 # default 100; 0 reads every conversation
}

output "unread_orders" {
  value = [for c in data.facebook_page_conversations.orders.conversations : c.id if coalesce(c.unread_count, 0) > 0]
}
