-- wrk: what shoppers' browsers send. Six in ten requests are the popular
-- queries (landing page, big cities and categories: answered from the server's
-- answer cache once warm); the rest are random combinations of one to three
-- filters, a sort and a page (mostly new to the cache), plus product pages and
-- the taxonomy. Every request accepts brotli, as browsers do.
--
--   wrk -s scripts/shopper-mix.lua ...   (PRODUCTS=N for product page ids)
--
-- PAGES=1 asks for the storefront's pages as the server renders them (the
-- catalog at the same queries, product pages, /belts) instead of the API.

local popular = {
  "", "city=yiwu", "category=shoes", "category=apparel&price=30-50",
  "city=jinjiang,putian&category=sports-shoes&sort=price_asc",
  "q=%E8%BF%90%E5%8A%A8%E9%9E%8B", "goods_kind=brand-alternative",
  "price=-10&sort=sales", "category=toys-stationery&sort=newest&page=2",
  "belt=yiwu-socks", "city=chenghai", "category=home-living&city=yiwu",
}
local categories = { "shoes", "apparel", "jewellery-accessories", "bags-luggage",
  "toys-stationery", "home-textiles", "home-living", "kitchen-hardware",
  "appliances-electronics", "beauty-care", "sports-outdoor", "pets", "sports-shoes",
  "womenswear", "kidswear", "socks", "handbags", "plush-toys", "ceramics",
  "cookware", "phone-accessories", "cosmetics", "fishing-gear", "pet-food" }
local cities = { "yiwu", "jinjiang", "putian", "chenghai", "huzhou", "guangzhou",
  "shenzhen", "dongguan", "wenzhou", "yongkang", "dehua", "jingdezhen", "linyi",
  "baoding", "caoxian", "changshu", "danyang", "shantou", "zhuji", "haining" }
local belts = { "yiwu-socks", "yiwu-small-commodities", "zhuji-pearls",
  "huzhou-kidswear", "yongkang-cookware", "wenzhou-shoes", "shenzhen-watches",
  "guangzhou-cosmetics", "pinghu-down-jackets", "haining-leather" }
local bands = { "-10", "10-30", "30-50", "50-100", "100-300", "300-", "20-80", "5-15" }
local kinds = { "goods_kind=factory-brand", "goods_kind=white-label",
  "goods_kind=brand-alternative", "supplier_kind=source-factory",
  "supplier_kind=large-factory" }
local keywords = { "%E8%BF%90%E5%8A%A8%E9%9E%8B", "%E5%84%BF%E7%AB%A5", "socks",
  "%E8%A2%9C", "%E8%80%B3%E6%9C%BA", "%E6%AF%9B%E7%BB%92", "pearl", "%E9%94%85" }
local sorts = { "", "", "", "price_asc", "price_desc", "sales", "newest" }
local products = tonumber(os.getenv("PRODUCTS") or "100000")
local pages = os.getenv("PAGES") == "1"
local catalog, product, taxonomy = "/api/v1/products?", "/api/v1/products/p", "/api/v1/taxonomy"
if pages then catalog, product, taxonomy = "/?", "/product/p", "/belts" end

local function pick(list) return list[math.random(#list)] end

local filters = {
  function() return "category=" .. pick(categories) end,
  function() return "city=" .. pick(cities) .. (math.random() < 0.3 and "," .. pick(cities) or "") end,
  function() return "belt=" .. pick(belts) end,
  function() return "price=" .. pick(bands) end,
  function() return pick(kinds) end,
  function() return "q=" .. pick(keywords) end,
  function() return "qty=" .. pick({ 1, 10, 20, 50, 100, 1000 }) end,
}

local function random_query()
  local parts, used = {}, {}
  for _ = 1, math.random(3) do
    local which = math.random(#filters)
    if not used[which] then -- a parameter given twice is a 400, not a shopper's query
      used[which] = true
      parts[#parts + 1] = filters[which]()
    end
  end
  local sort = pick(sorts)
  if sort ~= "" then parts[#parts + 1] = "sort=" .. sort end
  if math.random() < 0.3 then parts[#parts + 1] = "page=" .. math.random(2, 6) end
  return table.concat(parts, "&")
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init()
  math.randomseed(os.time() + (id or 0) * 7919)
  wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"
end

function request()
  local r = math.random()
  local path
  if r < 0.6 then
    path = catalog .. pick(popular)
  elseif r < 0.93 then
    path = catalog .. random_query()
  elseif r < 0.98 then
    path = product .. math.random(products)
  else
    path = taxonomy
  end
  return wrk.format("GET", path)
end

-- One line the bench reads: counts and latency percentiles in milliseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d failed=%d non2xx=%d seconds=%.1f rps=%.0f p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f\n",
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
end
