# Reference values for surveykit.validity.cfa (tests/test_validity_cfa.py).
# Run from this folder:  Rscript make_reference.R
# lavaan 0.6-14, semTools 0.5-6, psychTools (Debian r-cran-* packages).
suppressPackageStartupMessages({
  library(lavaan)
  library(semTools)
  library(psychTools)
  library(jsonlite)
})

measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "rmsea.pvalue", "srmr", "srmr_bentler", "srmr_mplus",
              "aic", "bic", "logl", "unrestricted.logl", "npar", "ntotal",
              "baseline.chisq", "baseline.df")

write_model <- function(prefix, model, data, factors) {
  fit <- cfa(model, data = data)          # lavaan defaults: ML, marker, expected information
  pe <- parameterEstimates(fit)
  ss <- standardizedSolution(fit)
  write.csv(pe, paste0(prefix, "_estimates.csv"), row.names = FALSE)
  write.csv(ss, paste0(prefix, "_standardized.csv"), row.names = FALSE)
  fm <- fitMeasures(fit, measures)
  writeLines(toJSON(as.list(unclass(fm)), digits = NA, auto_unbox = TRUE, pretty = TRUE),
             paste0(prefix, "_fit.json"))
  # Fornell & Larcker (1981) composite reliability and AVE from std.all loadings
  ld <- ss[ss$op == "=~", ]
  cr <- sapply(factors, function(f) {
    l <- ld$est.std[ld$lhs == f]
    sum(l)^2 / (sum(l)^2 + sum(1 - l^2))
  })
  ave <- sapply(factors, function(f) mean(ld$est.std[ld$lhs == f]^2))
  write.csv(data.frame(factor = factors, cr = cr, ave = ave),
            paste0(prefix, "_cr_ave.csv"), row.names = FALSE)
  # HTMT (Henseler et al. 2015) and HTMT2 (Roemer et al. 2021) from semTools
  pairs <- function(m) {
    idx <- which(lower.tri(m), arr.ind = TRUE)
    data.frame(a = colnames(m)[idx[, 2]], b = rownames(m)[idx[, 1]], htmt = m[idx])
  }
  out <- merge(
    pairs(unclass(htmt(model, data = data, absolute = TRUE, htmt2 = FALSE))),
    setNames(pairs(unclass(htmt(model, data = data, absolute = TRUE, htmt2 = TRUE))),
             c("a", "b", "htmt2")))
  out <- merge(out, setNames(pairs(unclass(htmt(model, data = data, absolute = FALSE,
                                                 htmt2 = FALSE))),
                             c("a", "b", "htmt_signed")))
  write.csv(out, paste0(prefix, "_htmt.csv"), row.names = FALSE)
  invisible(fit)
}

# 1. Holzinger & Swineford (1939): the classic three-factor model
hs <- HolzingerSwineford1939[, paste0("x", 1:9)]
write.csv(hs, "holzinger_swineford.csv", row.names = FALSE)
hs_model <- "visual =~ x1 + x2 + x3
             textual =~ x4 + x5 + x6
             speed =~ x7 + x8 + x9"
write_model("hs", hs_model, hs, c("visual", "textual", "speed"))

# 2. psychTools::bfi: five factors of five items, reversed items keyed as bfi.keys
#    (reverse-scored as 7 - x), complete cases over the 25 items
items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5),
           paste0("N", 1:5), paste0("O", 1:5))
raw <- bfi[, items]
write.csv(raw, "bfi.csv", row.names = FALSE, na = "")
keys <- unlist(bfi.keys)
reversed <- sub("^-", "", keys[startsWith(keys, "-")])
scored <- raw
scored[reversed] <- 7 - scored[reversed]
scored <- scored[complete.cases(scored), ]
bfi_factors <- c("agree", "conscientious", "extraversion", "neuroticism", "openness")
bfi_model <- paste(sapply(seq_along(bfi_factors), function(i)
  paste(bfi_factors[i], "=~", paste(items[(5 * i - 4):(5 * i)], collapse = " + "))),
  collapse = "\n")
write_model("bfi", bfi_model, scored, bfi_factors)

# 3. A small sample with a Heywood case (negative residual variance):
#    two factors, the third item of f1 nearly error-free, n = 60
set.seed(2024)
n <- 60
f <- MASS::mvrnorm(n, c(0, 0), matrix(c(1, 0.4, 0.4, 1), 2))
hey <- data.frame(
  y1 = 0.6 * f[, 1] + rnorm(n, sd = 0.8), y2 = 0.6 * f[, 1] + rnorm(n, sd = 0.8),
  y3 = 1.0 * f[, 1] + rnorm(n, sd = 0.05),
  y4 = 0.7 * f[, 2] + rnorm(n, sd = 0.7), y5 = 0.7 * f[, 2] + rnorm(n, sd = 0.7),
  y6 = 0.7 * f[, 2] + rnorm(n, sd = 0.7))
write.csv(hey, "heywood.csv", row.names = FALSE)
hey_fit <- write_model("heywood", "f1 =~ y1 + y2 + y3\nf2 =~ y4 + y5 + y6", hey,
                       c("f1", "f2"))
print(parameterEstimates(hey_fit)[, 1:5])

# 4. Two factors measured by items of one trait: the latent correlation is
#    estimated above 1 (non-positive-definite factor covariance matrix), n = 200
set.seed(1)
n <- 200
t <- rnorm(n)
nonpd <- data.frame(sapply(c(1, .95, .9, 1, .95, .9), function(l) l * t + rnorm(n, sd = .7)))
names(nonpd) <- paste0("v", 1:6)
write.csv(nonpd, "nonpd.csv", row.names = FALSE)
nonpd_fit <- write_model("nonpd", "a =~ v1 + v2 + v3\nb =~ v4 + v5 + v6", nonpd, c("a", "b"))
print(lavInspect(nonpd_fit, "cor.lv"))
