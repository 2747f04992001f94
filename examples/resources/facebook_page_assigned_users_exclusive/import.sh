# The set of a business's people on a Page is imported by "<page_id>/<business_id>".
terraform import facebook_page_assigned_users_exclusive.page 100000000000001/200000000000001
