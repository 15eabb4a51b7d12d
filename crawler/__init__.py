"""epaper: crawl Chinese newspaper digital editions (数字报) into MongoDB."""
