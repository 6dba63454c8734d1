# Reference values for surveykit/reliability.py (tests/test_reliability.py).
#
# Run from this folder:  Rscript make_reference.R
# Needs: psych, psychTools, lavaan, boot (R 4.x). Writes the data sets used
# (items already reverse-scored) and the reference statistics as CSV files.
#
# Semantics matched (see surveykit/reliability.py):
# * listwise: psych::alpha on the complete rows of the scale;
# * pairwise: psych::alpha(use = "pairwise") on the rows that answered at
#   least one item (psych's nsub, used by its Feldt interval and ase, is the
#   number of rows given to it);
# * Feldt interval: psych::alpha.ci, checked against the closed form;
# * Duhachek interval: alpha -/+ z * ase, ase = sqrt(Q / n) from psych::alpha,
#   checked against the closed form of Duhachek & Iacobucci (2004);
# * lambda2 on the covariance matrix (psych::splitHalf(covar = TRUE)),
#   lambda6 = psych::alpha's G6(smc) (correlation matrix);
# * split_half: Spearman-Brown of the odd-item and even-item half sums;
# * omega_total: psych::omega(nfactors = 1, fm = "minres") on cov2cor(C);
# * bootstrap: boot::boot + boot.ci (perc, bca with jackknife influence).
suppressPackageStartupMessages({
  library(psych); library(psychTools); library(lavaan); library(boot)
})
options(digits = 17)
set.seed(20240611)

tr <- function(m) sum(diag(m))
same <- function(a, b, tol) isTRUE(all.equal(unname(unlist(a)), unname(unlist(b)), tolerance = tol))

# ---- data sets (items as scored) --------------------------------------------
reverse <- function(x, keys, top) {
  for (k in keys) if (startsWith(k, "-")) {
    v <- sub("-", "", k); x[[v]] <- top - x[[v]]
  }
  x
}
strip <- function(keys) sub("-", "", keys)

bfi_items <- reverse(psychTools::bfi[, 1:25], unlist(psychTools::bfi.keys), 7)
bfi_scales <- lapply(psychTools::bfi.keys, strip)
# a scale sharing items with two others (reliability_many must handle overlaps)
bfi_scales$agree_consc <- c(bfi_scales$agree, bfi_scales$conscientious)

epi_keys <- psychTools::epi.keys[c("E", "N", "L")]
epi_items <- reverse(psychTools::epi, unlist(epi_keys), 1)
epi_scales <- lapply(epi_keys, strip)
epi_items <- epi_items[, unique(unlist(epi_scales))]

sat <- psych::sat.act[, c("ACT", "SATV", "SATQ")]
sat_scales <- list(sat = c("ACT", "SATV", "SATQ"))

hs <- lavaan::HolzingerSwineford1939[, paste0("x", 1:9)]
hs_scales <- list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"),
                  speed = c("x7", "x8", "x9"), all = paste0("x", 1:9),
                  pair = c("x1", "x2"))

write.csv(bfi_items, "bfi_scored.csv", row.names = FALSE, na = "")
write.csv(epi_items, "epi_scored.csv", row.names = FALSE, na = "")
write.csv(sat, "sat_act.csv", row.names = FALSE, na = "")
write.csv(hs, "holzinger.csv", row.names = FALSE, na = "")
scales_csv <- do.call(rbind, lapply(
  list(bfi = bfi_scales, epi = epi_scales, sat = sat_scales, holzinger = hs_scales),
  function(s) data.frame(scale = rep(names(s), lengths(s)), item = unlist(s))))
scales_csv$dataset <- sub("\\..*", "", rownames(scales_csv))
write.csv(scales_csv[, c("dataset", "scale", "item")], "scales.csv", row.names = FALSE)

# ---- one scale ----------------------------------------------------------------
closed_feldt <- function(a, n, k, level = 0.95) {
  p <- 1 - level
  c(1 - (1 - a) * qf(1 - p / 2, n - 1, (n - 1) * (k - 1)),
    1 - (1 - a) * qf(p / 2, n - 1, (n - 1) * (k - 1)))
}
closed_duhachek_se <- function(C, n) {       # Duhachek & Iacobucci (2004), eq. 5
  k <- ncol(C); j <- rep(1, k); V <- sum(C)
  Q <- 2 * k^2 / ((k - 1)^2 * V^3) *
    (V * (tr(C %*% C) + tr(C)^2) - 2 * tr(C) * drop(t(j) %*% C %*% C %*% j))
  sqrt(Q / n)
}
spearman_brown_odd_even <- function(C) {
  a <- seq(1, ncol(C), by = 2); b <- seq(2, ncol(C), by = 2)
  r <- sum(C[a, b]) / sqrt(sum(C[a, a]) * sum(C[b, b]))
  2 * r / (1 + r)
}

one_scale <- function(dataset, scale, x, missing) {
  if (missing == "listwise") {
    x <- x[complete.cases(x), ]
  } else {
    x <- x[rowSums(!is.na(x)) > 0, ]
  }
  n <- nrow(x); k <- ncol(x)
  a <- suppressWarnings(psych::alpha(x, use = "pairwise", check.keys = FALSE,
                                     warnings = FALSE))
  C <- cov(x, use = "pairwise"); R <- cov2cor(C)
  raw <- a$total$raw_alpha
  # Feldt: psych and closed form must agree
  feldt <- closed_feldt(raw, n, k)
  stopifnot(same(feldt, unlist(c(a$feldt$lower.ci, a$feldt$upper.ci)), 1e-12))
  ase <- closed_duhachek_se(C, n)
  stopifnot(same(ase, a$total$ase, 1e-10))
  sh <- psych::splitHalf(C, covar = TRUE, check.keys = FALSE)
  off <- C; diag(off) <- 0
  lambda2 <- (sum(off) + sqrt(sum(off^2) * k / (k - 1))) / sum(C)
  stopifnot(same(lambda2, sh$lambda2, 1e-12))
  sb <- spearman_brown_odd_even(C)
  if (missing == "listwise") {    # independent check on the half sums themselves
    odd <- seq(1, k, by = 2); even <- seq(2, k, by = 2)
    r <- cor(rowSums(x[, odd, drop = FALSE]), rowSums(x[, even, drop = FALSE]))
    stopifnot(same(sb, 2 * r / (1 + r), 1e-12))
  }
  omega_total <- NA  # one factor is not identified with two items
  if (k > 2) {
    om <- suppressMessages(suppressWarnings(
      psych::omega(R, nfactors = 1, fm = "minres", flip = FALSE, plot = FALSE)))
    f1 <- suppressWarnings(psych::fa(R, nfactors = 1, fm = "minres"))
    stopifnot(same(om$omega.tot, 1 - sum(f1$uniquenesses) / sum(R), 1e-6))
    omega_total <- om$omega.tot
  }
  z <- qnorm(0.975)
  scale_row <- data.frame(
    dataset = dataset, scale = scale, missing = missing, k = k, n = n,
    alpha = raw, alpha_std = a$total$std.alpha, alpha_se = a$total$ase,
    feldt_low = feldt[1], feldt_high = feldt[2],
    duhachek_low = raw - z * a$total$ase, duhachek_high = raw + z * a$total$ase,
    mean_inter_item_r = a$total$average_r, median_inter_item_r = a$total$median_r,
    omega_total = omega_total, split_half = sb, lambda2 = lambda2,
    lambda6 = a$total[["G6(smc)"]])
  st <- a$item.stats; dr <- a$alpha.drop
  # psych's raw.r correlates the items with the row means of the available
  # answers; surveykit takes the item-total correlation from C (same thing on
  # complete rows), so the pairwise reference is the closed form from C.
  r_total <- if (missing == "listwise") st$raw.r else
    colSums(C) / sqrt(diag(C) * sum(C))
  if (missing == "listwise")
    stopifnot(same(st$raw.r, colSums(C) / sqrt(diag(C) * sum(C)), 1e-10))
  items <- data.frame(
    dataset = dataset, scale = scale, missing = missing, item = colnames(x),
    n = colSums(!is.na(x)), mean = st$mean, sd = st$sd, r_total = r_total,
    r_std = st$std.r, r_cor = st$r.cor, r_drop = st$r.drop,
    alpha_if_deleted = if (k > 2) dr$raw_alpha else NA,
    alpha_std_if_deleted = if (k > 2) dr$std.alpha else NA)
  list(scale = scale_row, items = items)
}

runs <- list(
  list("bfi", bfi_items, bfi_scales, c("listwise", "pairwise")),
  list("epi", epi_items, epi_scales, c("listwise", "pairwise")),
  list("sat", sat, sat_scales, c("listwise", "pairwise")),
  list("holzinger", hs, hs_scales, "listwise"),
  # rows complete on all 25 items: no missing value at all (the int8 path)
  list("bfi_complete", bfi_items[complete.cases(bfi_items), ], bfi_scales, "listwise"))
out <- list()
for (run in runs) for (s in names(run[[3]])) for (m in run[[4]])
  out[[length(out) + 1]] <- one_scale(run[[1]], s, run[[2]][, run[[3]][[s]]], m)
write.csv(do.call(rbind, lapply(out, `[[`, "scale")), "alpha_scales.csv", row.names = FALSE)
write.csv(do.call(rbind, lapply(out, `[[`, "items")), "alpha_items.csv", row.names = FALSE)

# ---- bootstrap (boot::boot; the resamples are saved so that Python can
# replay exactly the same ones) ---------------------------------------------------
alpha_of <- function(d, i) {
  C <- cov(d[i, , drop = FALSE], use = "pairwise"); k <- ncol(C)
  k / (k - 1) * (1 - tr(C) / sum(C))
}
boot_case <- function(name, x, missing, R = 1000) {
  x <- if (missing == "listwise") x[complete.cases(x), ] else x[rowSums(!is.na(x)) > 0, ]
  b <- boot::boot(as.matrix(x), alpha_of, R = R)
  L <- boot::empinf(b, type = "jack")
  ci <- boot::boot.ci(b, conf = 0.95, type = c("perc", "bca"), L = L)
  idx <- boot::boot.array(b, indices = TRUE)
  write.csv(idx, gzfile(sprintf("boot_%s_indices.csv.gz", name)), row.names = FALSE)
  data.frame(case = name, missing = missing, n = nrow(x), R = R, t0 = b$t0,
             perc_low = ci$percent[4], perc_high = ci$percent[5],
             bca_low = ci$bca[4], bca_high = ci$bca[5],
             acceleration = sum(L^3) / (6 * sum(L^2)^1.5),
             z0 = qnorm(mean(b$t < b$t0)))
}
bfi_a <- bfi_items[1:300, bfi_scales$agree]
bt <- rbind(boot_case("bfi_agree", bfi_a, "listwise"),
            boot_case("sat", sat[1:250, ], "pairwise"))
write.csv(bt, "bootstrap.csv", row.names = FALSE)
writeLines(capture.output(sessionInfo()), "sessionInfo.txt")
