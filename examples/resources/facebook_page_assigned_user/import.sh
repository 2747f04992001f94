# An existing assignment is imported by "<page_id>/<business_id>/<user_id>":
# Meta lists a Page's users one business at a time.
terraform import facebook_page_assigned_user.deploy_bot 100000000000001/200000000000001/400000000000001
