-- wrk script: rotate through Finnish, Swedish and English search queries.
local queries = {
  "p%C3%A4iv%C3%A4kotipaikan", "venepaikat", "rakennusluvan", "kirjasto", "uimahalli", "kirjastokortti",
  "esiopetus", "koulukuljetus", "lukio", "kansalaisopisto", "musiikkiopisto", "kuntosali", "nuorisotila",
  "kes%C3%A4ty%C3%B6", "purkamislupa", "kaivulupa", "pys%C3%A4k%C3%B6inti", "vesiliittym%C3%A4",
  "kompostointi", "vuokra-asunto", "tontti", "yritysneuvonta", "ty%C3%B6llisyys", "terassi", "avustus",
  "daghem", "bygglov", "b%C3%A5tplats", "bibliotek", "simhall", "daycare", "building+permit", "library",
  "swimming", "boat", "parking", "summer+job", "rental+apartment", "business+advice", "allotment",
}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", wrk.path .. "?q=" .. queries[i])
end
