# Reference values for surveykit.compare, surveykit.describe_stats and surveykit.weights.
#
# Run from anywhere:  Rscript tests/reference/compare/make_reference.R
# Writes the public data sets it uses as CSV beside this script, and every
# reference value into reference.json (full precision, NA as null).
# R packages: psych, psychTools, car, MASS, survey, effectsize, rstatix, jsonlite.
suppressPackageStartupMessages({
  library(psych); library(car); library(MASS); library(survey)
  library(effectsize); library(rstatix); library(jsonlite)
})
args <- commandArgs(FALSE)
here <- dirname(normalizePath(sub("--file=", "", grep("--file=", args, value = TRUE))))
setwd(here)
out <- list(r_version = R.version.string)

# ---- data -----------------------------------------------------------------
mt <- datasets::mtcars
mt <- cbind(model = rownames(mt), mt); rownames(mt) <- NULL
tg <- datasets::ToothGrowth; tg$supp <- as.character(tg$supp)
wb <- datasets::warpbreaks
wb$wool <- as.integer(wb$wool); wb$tension <- as.integer(wb$tension)  # L=1, M=2, H=3
cw <- datasets::chickwts; cw$feed <- as.character(cw$feed)
aq <- datasets::airquality
aq$ozone_band <- findInterval(aq$Ozone, c(0, 30, 60, 90))            # codes 1..4, NA kept
aq$w <- aq$Day %% 3 + 1                                              # integer weights 1..3
sa <- psychTools::sat.act
sa$w <- seq_len(nrow(sa)) %% 3 + 1                                   # integer frequency weights
sa$aw <- 0.5 + (seq_len(nrow(sa)) %% 4) / 3                          # analytic weights
bfi <- psychTools::bfi[, c("A1", "A2", "A3", "A4", "A5", "gender")]
mr <- data.frame(cyl = mt$cyl, opt_vs = mt$vs, opt_am = mt$am,
                 opt_gear5 = as.integer(mt$gear == 5), opt_carb4 = as.integer(mt$carb >= 4))
mr[1:2, 2:5] <- NA                                                  # two respondents skipped the question
w <- function(d, f) write.csv(d, f, row.names = FALSE, na = "")
w(mt, "mtcars.csv"); w(tg, "toothgrowth.csv"); w(wb, "warpbreaks.csv"); w(cw, "chickwts.csv")
w(aq, "airquality.csv"); w(sa, "sat_act.csv"); w(bfi, "bfi_agree.csv"); w(mr, "multiple_response.csv")

# ---- frequencies ------------------------------------------------------------
# not applicable: the question was not asked in May (Month == 5)
freq <- function(x, levels) {
  tab <- table(factor(x, levels = levels))
  list(code = levels, n = as.vector(tab), percent = as.vector(tab) / length(x) * 100,
       valid_percent = as.vector(prop.table(tab)) * 100,
       cumulative_percent = cumsum(as.vector(prop.table(tab))) * 100,
       n_valid = sum(tab), n_missing = sum(is.na(x)))
}
applies <- aq$Month != 5
out$frequencies <- c(freq(aq$ozone_band[applies], 1:4), n_not_applicable = sum(!applies))
out$frequencies_weighted <- freq(rep(aq$ozone_band[applies], aq$w[applies]), 1:4)  # replicated rows

# ---- descriptives -------------------------------------------------------------
num <- c("gender", "education", "age", "ACT", "SATV", "SATQ")
desc <- function(d) {
  r <- psych::describe(d[, num], type = 2)
  data.frame(variable = num, n = r$n, mean = r$mean, sd = r$sd, median = r$median,
             min = r$min, max = r$max, skewness = r$skew, kurtosis = r$kurtosis, se = r$se)
}
out$descriptives <- desc(sa)
out$descriptives_frequency_weights <- desc(sa[rep(seq_len(nrow(sa)), sa$w), ])
# Analytic weights as Stata's aweights and survey::svyvar: rescaled to the valid n, divisor n - 1.
# Each variable on its own answers (svyvar(na.rm = TRUE) would keep the dropped rows in n).
aw_stats <- lapply(num, function(v) {
  dsn <- svydesign(ids = ~1, weights = ~aw, data = sa[!is.na(sa[[v]]), ])
  f <- as.formula(paste0("~", v))
  c(mean = unname(coef(svymean(f, dsn))), sd = sqrt(unname(coef(svyvar(f, dsn)))))
})
out$descriptives_analytic_weights <- data.frame(variable = num, do.call(rbind, aw_stats))
out$e1071_type1 <- data.frame(variable = "ACT", skewness = e1071::skewness(sa$ACT, type = 1),
                              kurtosis = e1071::kurtosis(sa$ACT, type = 1))

# ---- Likert distribution ---------------------------------------------------------
out$likert <- do.call(rbind, lapply(paste0("A", 1:5), function(i) {
  x <- bfi[[i]]; tab <- table(factor(x, levels = 1:6))
  data.frame(item = i, code = 1:6, count = as.vector(tab), percent = as.vector(prop.table(tab)) * 100,
             n = sum(!is.na(x)), mean = mean(x, na.rm = TRUE), sd = sd(x, na.rm = TRUE))
}))

# ---- multiple response -------------------------------------------------------------
opts <- c("opt_vs", "opt_am", "opt_gear5", "opt_carb4")
mresp <- function(d) {
  answered <- rowSums(!is.na(d[, opts])) > 0
  x <- d[answered, opts]; cases <- rowSums(x, na.rm = TRUE) > 0
  n <- colSums(x, na.rm = TRUE)
  list(option = opts, n = unname(n), pct_responses = unname(n / sum(n) * 100),
       pct_cases = unname(n / sum(cases) * 100), n_cases = sum(cases),
       n_responses = sum(n), n_missing = sum(!answered), n_none = sum(!cases))
}
out$multiple_response <- mresp(mr)
out$multiple_response_by_cyl <- lapply(split(mr, mr$cyl), mresp)

# ---- crosstabs ------------------------------------------------------------------------
m <- function(x) matrix(as.numeric(x), nrow(x))  # a plain matrix (rows in code order)
xt <- function(tab) {
  c0 <- suppressWarnings(chisq.test(tab, correct = FALSE))
  c1 <- suppressWarnings(chisq.test(tab, correct = TRUE))
  lr <- MASS::loglm(~ r + c, data = as.data.frame.table(tab, responseName = "Freq") |>
                      setNames(c("r", "c", "Freq")) |> xtabs(formula = Freq ~ r + c))
  res <- list(table = m(tab), chi2 = unname(c0$statistic), df = unname(c0$parameter),
              p = c0$p.value, expected = m(c0$expected), stdres = m(c0$stdres),
              g2 = lr$lrt, g2_df = lr$df, g2_p = 1 - pchisq(lr$lrt, lr$df),
              cramers_v = effectsize::cramers_v(tab, adjust = FALSE)$Cramers_v,
              row_pct = m(prop.table(tab, 1)) * 100, col_pct = m(prop.table(tab, 2)) * 100,
              fisher_p = if (all(dim(tab) == 2) || sum(tab) < 200) fisher.test(tab)$p.value else NULL)
  if (all(dim(tab) == 2)) { res$chi2_yates <- unname(c1$statistic); res$p_yates <- c1$p.value }
  res
}
out$crosstab_cyl_gear <- xt(table(mt$cyl, mt$gear))
out$crosstab_am_vs <- xt(table(mt$am, mt$vs))
sa_rep <- sa[rep(seq_len(nrow(sa)), sa$w), ]
out$crosstab_gender_education_weighted <- xt(table(sa_rep$gender, sa_rep$education))

# ---- two groups ---------------------------------------------------------------------------
two <- function(y, g) {
  g <- factor(g); lv <- levels(g)
  a <- y[g == lv[1]]; b <- y[g == lv[2]]
  st <- t.test(a, b, var.equal = TRUE); we <- t.test(a, b, var.equal = FALSE)
  mw <- wilcox.test(a, b, exact = FALSE, correct = TRUE)
  lm_ <- leveneTest(y ~ g, center = mean); lmed <- leveneTest(y ~ g, center = median)
  d <- effectsize::cohens_d(a, b, ci = 0.95); rb <- effectsize::rank_biserial(a, b)
  list(groups = data.frame(code = lv, n = c(length(a), length(b)), mean = c(mean(a), mean(b)),
                           sd = c(sd(a), sd(b))),
       student_t = c(statistic = unname(st$statistic), df = unname(st$parameter), p = st$p.value),
       welch_t = c(statistic = unname(we$statistic), df = unname(we$parameter), p = we$p.value),
       mann_whitney = c(statistic = unname(mw$statistic), p = mw$p.value, rank_biserial = rb$r_rank_biserial),
       levene_mean = c(statistic = lm_$`F value`[1], df1 = lm_$Df[1], df2 = lm_$Df[2], p = lm_$`Pr(>F)`[1]),
       levene_median = c(statistic = lmed$`F value`[1], df1 = lmed$Df[1], df2 = lmed$Df[2], p = lmed$`Pr(>F)`[1]),
       cohens_d = c(d = d$Cohens_d, ci_low = d$CI_low, ci_high = d$CI_high))
}
out$two_toothgrowth_supp <- two(tg$len, tg$supp)
out$two_mtcars_am <- two(mt$mpg, mt$am)
out$two_satact_gender <- two(sa$ACT, sa$gender)

# ---- k groups --------------------------------------------------------------------------------
kgroups <- function(y, g) {
  g <- factor(g)
  fit <- aov(y ~ g); s <- summary(fit)[[1]]
  ow <- oneway.test(y ~ g, var.equal = FALSE); kw <- kruskal.test(y ~ g)
  lm_ <- leveneTest(y ~ g, center = mean); lmed <- leveneTest(y ~ g, center = median)
  tk <- TukeyHSD(fit, conf.level = 0.95)$g
  gh <- rstatix::games_howell_test(data.frame(y = y, g = g), y ~ g, conf.level = 0.95)
  # rstatix rounds p.adj to 3 decimals: recompute it unrounded from the same formula
  m <- tapply(y, g, mean); v <- tapply(y, g, var); nn <- tapply(y, g, length)
  se2 <- v[gh$group1] / nn[gh$group1] + v[gh$group2] / nn[gh$group2]
  ghdf <- se2^2 / ((v[gh$group1] / nn[gh$group1])^2 / (nn[gh$group1] - 1) +
                   (v[gh$group2] / nn[gh$group2])^2 / (nn[gh$group2] - 1))
  gh_p <- ptukey(abs(m[gh$group2] - m[gh$group1]) / sqrt(se2) * sqrt(2), nlevels(g), ghdf, lower.tail = FALSE)
  list(groups = data.frame(code = levels(g), n = as.vector(table(g)), mean = as.vector(tapply(y, g, mean)),
                           sd = as.vector(tapply(y, g, sd))),
       anova = c(statistic = s$`F value`[1], df1 = s$Df[1], df2 = s$Df[2], p = s$`Pr(>F)`[1],
                 eta_sq = effectsize::eta_squared(fit, partial = FALSE)$Eta2[1]),
       welch_anova = c(statistic = unname(ow$statistic), df1 = unname(ow$parameter[1]),
                       df2 = unname(ow$parameter[2]), p = ow$p.value),
       kruskal = c(statistic = unname(kw$statistic), df = unname(kw$parameter), p = kw$p.value,
                   epsilon_sq = effectsize::rank_epsilon_squared(y, g)$rank_epsilon_squared),
       levene_mean = c(statistic = lm_$`F value`[1], df1 = lm_$Df[1], df2 = lm_$Df[2], p = lm_$`Pr(>F)`[1]),
       levene_median = c(statistic = lmed$`F value`[1], df1 = lmed$Df[1], df2 = lmed$Df[2], p = lmed$`Pr(>F)`[1]),
       tukey = data.frame(pair = rownames(tk), diff = tk[, "diff"], lwr = tk[, "lwr"], upr = tk[, "upr"],
                          p_adj = tk[, "p adj"], row.names = NULL),
       games_howell = data.frame(group1 = gh$group1, group2 = gh$group2, estimate = gh$estimate,
                                 conf_low = gh$conf.low, conf_high = gh$conf.high, p_adj = unname(gh_p), df = unname(ghdf),
                                 p_adj_rstatix = gh$p.adj))
}
out$k_chickwts_feed <- kgroups(cw$weight, cw$feed)
out$k_warpbreaks_tension <- kgroups(wb$breaks, wb$tension)
out$k_toothgrowth_dose <- kgroups(tg$len, tg$dose)

# ---- correlations (pairwise complete, cor.test per pair) ----------------------------------------
cormat <- function(d, method) {
  k <- ncol(d); r <- p <- n <- matrix(NA_real_, k, k)
  for (i in seq_len(k)) for (j in seq_len(k)) {
    ok <- complete.cases(d[, c(i, j)]); n[i, j] <- sum(ok)
    if (i == j) { r[i, j] <- 1; p[i, j] <- 0; next }
    ct <- suppressWarnings(cor.test(d[ok, i], d[ok, j], method = method, exact = FALSE))
    r[i, j] <- unname(ct$estimate); p[i, j] <- ct$p.value
  }
  list(vars = names(d), r = r, p = p, n = n, mean = unname(colMeans(d, na.rm = TRUE)),
       sd = unname(apply(d, 2, sd, na.rm = TRUE)))
}
aqv <- aq[, c("Ozone", "Solar.R", "Wind", "Temp")]
out$cor_airquality_pearson <- cormat(aqv, "pearson")
out$cor_airquality_spearman <- cormat(aqv, "spearman")
sav <- sa[, c("age", "education", "ACT", "SATV", "SATQ")]
out$cor_satact_pearson <- cormat(sav, "pearson")
out$cor_satact_spearman <- cormat(sav, "spearman")

# ---- raking (survey::rake) ------------------------------------------------------------------------
N <- nrow(sa)
gender_share <- c(`1` = 0.49, `2` = 0.51)
edu_share <- c(`0` = 0.10, `1` = 0.15, `2` = 0.20, `3` = 0.25, `4` = 0.20, `5` = 0.10)
pop_g <- data.frame(gender = as.integer(names(gender_share)), Freq = gender_share * N)
pop_e <- data.frame(education = as.integer(names(edu_share)), Freq = edu_share * N)
rk <- function(base) {
  dsn <- svydesign(ids = ~1, weights = base, data = sa)
  r <- rake(dsn, list(~gender, ~education), list(pop_g, pop_e),
            control = list(maxit = 1000, epsilon = 1e-12, verbose = FALSE))
  wt <- weights(r) / mean(weights(r))
  list(weights = unname(wt), deff_kish = N * sum(wt^2) / sum(wt)^2, n_effective = sum(wt)^2 / sum(wt^2))
}
out$rake_satact <- c(rk(~1), list(gender_share = as.list(gender_share), edu_share = as.list(edu_share)))
out$rake_satact_base <- rk(~aw)

# ---- trimmed raking: the rule documented in surveykit.weights.rake(trim=) ----------------------------
# No standard R function implements that rule: survey::trimWeights spreads the trimmed weight
# equally (additively) over the untrimmed units and is meant to be applied once, after raking, which
# breaks the margins again; survey::calibrate(calfun = "raking", bounds = ) solves a different,
# distance-minimising problem. The documented rule is therefore written out here, independently:
# each cycle rakes every variable in turn (w <- w * share * sum(w) / weighted total of the category),
# then clips the weights to [low, high] times their mean, repeating the clip until the mean settles
# (relative change <= 1e-13); raking stops when a cycle's clip changes no weight (relative 1e-12)
# and every weighted share is within tol of its target. Weights are returned with mean 1.
rake_trim <- function(base, trim, max_iter = 1000, tol = 1e-10) {
  vars <- list(list(x = as.character(sa$gender), share = gender_share),
               list(x = as.character(sa$education), share = edu_share))
  gap <- function(w) max(sapply(vars, function(v)
    max(abs(tapply(w, v$x, sum)[names(v$share)] / sum(w) - v$share))))
  clip <- function(w) {
    for (k in 1:100) {
      m <- mean(w)
      cw <- pmin(pmax(w, trim[1] * m), trim[2] * m)
      if (all(abs(cw - w) <= 1e-13 * abs(w))) break
      w <- cw
    }
    w
  }
  w <- base * N / sum(base)
  converged <- FALSE
  for (it in seq_len(max_iter)) {
    for (v in vars) {
      f <- v$share * sum(w) / tapply(w, v$x, sum)[names(v$share)]
      w <- w * unname(f[v$x])
    }
    cw <- clip(w)
    within <- all(abs(cw - w) <= 1e-12 * abs(w))
    w <- cw
    if (within && gap(w) < tol) { converged <- TRUE; break }
  }
  w <- w / mean(w)
  list(trim = trim, base = deparse(substitute(base)), max_iter = max_iter, converged = converged,
       iterations = it, weights = w, weight_min = min(w), weight_max = max(w),
       deff_kish = N * sum(w^2) / sum(w)^2, gap = gap(w))
}
out$rake_satact_trim <- list(
  rake_trim(rep(1, N), c(0.45, 3.2)),             # both bounds bind; margins and bounds reachable
  rake_trim(sa$aw, c(0.45, 3.2)),                 # same, from the analytic base weights
  rake_trim(rep(1, N), c(0.3, 3.5)),              # only the upper bound binds
  rake_trim(rep(1, N), c(0.5, 2.0), max_iter = 50)  # bounds incompatible with the margins
)

named <- function(x) {  # named numeric vectors become JSON objects, not bare arrays
  if (is.list(x) && !is.data.frame(x)) lapply(x, named)
  else if (is.numeric(x) && !is.null(names(x)) && is.null(dim(x))) as.list(x) else x
}
write_json(named(out), "reference.json", digits = NA, auto_unbox = TRUE, na = "null", pretty = FALSE)
cat("wrote reference.json\n")
