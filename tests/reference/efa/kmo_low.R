# KMO below .5 (Kaiser's "unacceptable"): item a correlates .5 with three mutually
# uncorrelated items. Output: kmo_low.json (psych::KMO overall and item MSA).
library(psych)
library(jsonlite)
R <- matrix(c(1, .5, .5, .5,
              .5, 1, 0, 0,
              .5, 0, 1, 0,
              .5, 0, 0, 1), 4, dimnames = list(c("a", "b", "c", "d"), c("a", "b", "c", "d")))
k <- KMO(R)
write_json(list(psych = as.character(packageVersion("psych")), R = unname(R),
                items = rownames(R), overall = k$MSA, msa = unname(k$MSAi)),
           "kmo_low.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
