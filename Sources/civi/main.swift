print("civi")
