# Reference values for surveykit.validity (exploratory part): KMO, Bartlett,
# eigenvalues, psych::fa (minres / ml / pa x none / varimax / promax / oblimin),
# fa.sort, fa.parallel.
#
# Run from this folder:  Rscript make_reference.R
# Produced with R 4.x, psych 2.2.9, psychTools 2.2.9, GPArotation 2022.10.2,
# lavaan 0.6-14 (versions are written to reference.json as well).
#
# Data written beside this script (complete cases):
#   bfi.csv      psychTools::bfi, the 25 personality items A1..O5 (n = 2436)
#   hs.csv       lavaan::HolzingerSwineford1939, x1..x9 (n = 301)
#   satact.csv   psychTools::sat.act, ACT SATV SATQ (n = 687)
suppressPackageStartupMessages({
  library(psych); library(psychTools); library(GPArotation); library(lavaan)
  library(jsonlite)
})

data(bfi, package = "psychTools")
data(sat.act, package = "psychTools")
bfi25 <- na.omit(bfi[, 1:25])
hs <- HolzingerSwineford1939[, paste0("x", 1:9)]
satact <- na.omit(sat.act[, c("ACT", "SATV", "SATQ")])
rownames(bfi25) <- rownames(hs) <- rownames(satact) <- NULL
write.csv(bfi25, "bfi.csv", row.names = FALSE)
write.csv(round(hs, 10), "hs.csv", row.names = FALSE)
write.csv(satact, "satact.csv", row.names = FALSE)
# Read the data back as Python will, so both sides analyse the same numbers.
datasets <- list(bfi = read.csv("bfi.csv"), hs = read.csv("hs.csv"),
                 satact = read.csv("satact.csv"))
nfactors <- c(bfi = 5, hs = 3, satact = 1)

mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(m[i, ])))

out <- list(versions = list(
  R = R.version.string, psych = as.character(packageVersion("psych")),
  GPArotation = as.character(packageVersion("GPArotation")),
  lavaan = as.character(packageVersion("lavaan"))))

for (name in names(datasets)) {
  x <- datasets[[name]]
  R <- cor(x)
  n <- nrow(x)
  k <- KMO(R)
  b <- cortest.bartlett(R, n = n)
  entry <- list(
    items = colnames(x), n = n,
    kmo = list(overall = k$MSA, items = unname(k$MSAi)),
    bartlett = list(chi2 = b$chisq, df = b$df, p = b$p.value,
                    log_p = pchisq(b$chisq, b$df, lower.tail = FALSE, log.p = TRUE)),
    determinant = det(R),
    eigenvalues = eigen(R)$values,
    fa = list())
  nf <- nfactors[[name]]
  rotations <- if (nf > 1) c("none", "varimax", "promax", "oblimin") else "none"
  for (fm in c("minres", "ml", "pa")) {
    for (rot in rotations) {
      f <- fa(x, nfactors = nf, fm = fm, rotate = rot, warnings = FALSE)
      L <- unclass(f$loadings)
      sorted <- fa.sort(f)
      fit <- list(
        loadings = mat(L), factors = colnames(L),
        communality = unname(f$communality),
        uniquenesses = unname(f$uniquenesses),
        vaccounted = mat(f$Vaccounted), vaccounted_rows = rownames(f$Vaccounted),
        values = unname(f$values), e_values = unname(f$e.values),
        phi = if (is.null(f$Phi)) NULL else mat(f$Phi),
        sorted_items = rownames(sorted$loadings))
      entry$fa[[paste(fm, rot, sep = "_")]] <- fit
    }
  }
  # one-factor unrotated fits (Harman's test, one-factor variant)
  f1 <- fa(x, nfactors = 1, fm = "minres", rotate = "none", warnings = FALSE)
  entry$one_factor_minres <- list(ss_loadings = sum(f1$loadings^2),
                                  proportion = sum(f1$loadings^2) / ncol(x))
  out[[name]] <- entry
}

# Parallel analysis (random parts: compare within tolerance; suggested numbers exactly).
set.seed(20240611)
for (name in c("bfi", "hs")) {
  x <- datasets[[name]]
  pa <- fa.parallel(x, fm = "minres", fa = "both", n.iter = 100, plot = FALSE)
  v <- pa$values
  p <- ncol(x)
  out[[name]]$parallel <- list(
    n_iter = 100,
    pc_values = pa$pc.values, fa_values = pa$fa.values,
    pc_sim_mean = pa$pc.sim, fa_sim_mean = pa$fa.sim,
    pc_sim_q95 = unname(apply(v[, paste0("CSim", 1:p)], 2, quantile, 0.95)),
    fa_sim_q95 = unname(apply(v[, paste0("Fsim", 1:p)], 2, quantile, 0.95)),
    pc_sim_sd = unname(apply(v[, paste0("CSim", 1:p)], 2, sd)),
    fa_sim_sd = unname(apply(v[, paste0("Fsim", 1:p)], 2, sd)),
    nfact = pa$nfact, ncomp = pa$ncomp)
}

# A Heywood case: one factor for three items with r12 = r13 = .8, r23 = .5
# implies a loading of sqrt(.8 * .8 / .5) > 1 for item 1; psych holds the
# uniqueness at its lower bound 0.005.
heywood <- matrix(c(1, .8, .8, .8, 1, .5, .8, .5, 1), 3,
                  dimnames = list(paste0("V", 1:3), paste0("V", 1:3)))
out$heywood <- list(r = mat(heywood), n = 200)
for (fm in c("minres", "ml")) {
  f <- suppressWarnings(fa(heywood, nfactors = 1, n.obs = 200, fm = fm, rotate = "none",
                           warnings = FALSE))
  out$heywood[[fm]] <- list(loadings = unname(f$loadings[, 1]),
                            communality = unname(f$communality))
}

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", pretty = FALSE),
           "reference.json")
