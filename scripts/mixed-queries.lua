-- wrk: a realistic mix of catalog queries, cycled per connection.
local paths = {
  "/api/v1/products",
  "/api/v1/products?city=yiwu",
  "/api/v1/products?category=shoes&price=30-50",
  "/api/v1/products?city=jinjiang,putian&category=sports-shoes&sort=price_asc",
  "/api/v1/products?q=%E8%BF%90%E5%8A%A8%E9%9E%8B",
  "/api/v1/products?q=%E5%84%BF%E7%AB%A5&city=huzhou",
  "/api/v1/products?goods_kind=brand-alternative&supplier_kind=source-factory",
  "/api/v1/products?price=-10&sort=sales",
  "/api/v1/products?category=toys-stationery&sort=newest&page=5",
  "/api/v1/products?belt=yiwu-socks&per_page=48",
  "/api/v1/products?price=300-&sort=price_desc",
  "/api/v1/products?category=home-living&city=yiwu&page=40",
  "/api/v1/taxonomy",
  "/api/v1/products/p42",
}
local i = 0
request = function()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i])
end
