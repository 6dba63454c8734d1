# Reference values for the five case studies (tests/test_case_study_reference.py).
#
# Run from the repository root, after make_items.py:
#   python tests/reference/case_studies/make_items.py
#   cd tests/reference/case_studies && Rscript make_reference.R
# Reads <study>_items.csv (the cleaned sample, items as scored) and studies.json;
# writes reference.json (one entry per study). R 4.x, psych, lavaan, car, jsonlite.
#
# * reliability, per scale on its complete rows: psych::alpha (raw_alpha, std.alpha,
#   G6(smc), average_r; item stats r.drop, mean, sd; alpha.drop raw_alpha),
#   psych::omega(nfactors = 1, fm = "minres") omega.tot;
# * validity, on the rows complete over every scale item: psych::KMO,
#   psych::cortest.bartlett, psych::fa(nfactors = number of scales, fm = "minres",
#   rotate = "varimax"), lavaan::cfa (defaults: ML, first item the marker) with one
#   factor per scale, std.all loadings and fitMeasures;
# * regressions: lm of the participation score on the predictors of studies.json;
#   scores are the means of the scored items over respondents who answered at least
#   min_items of them (as the schema defines them); single-choice and ordinal
#   predictors are factors with their choice-list codes as levels, in list order;
#   listwise over the model's variables. beta = b sd(x) / sd(y) over the model's
#   sample; vif per column (diagonal of the inverse correlation matrix of the
#   design columns, what SPSS prints for each dummy).
suppressPackageStartupMessages({library(psych); library(lavaan); library(car); library(jsonlite)})
options(warn = 1)

studies <- fromJSON("studies.json", simplifyVector = FALSE)

reliability <- function(x) {
  x <- x[complete.cases(x), ]
  a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
  o <- suppressWarnings(suppressMessages(psych::omega(x, nfactors = 1, fm = "minres",
                                                      plot = FALSE)))
  list(n = nrow(x), raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
       g6_smc = a$total[["G6(smc)"]], average_r = a$total$average_r,
       omega_total = o$omega.tot,
       items = list(item = colnames(x), r_drop = a$item.stats$r.drop,
                    alpha_drop = a$alpha.drop$raw_alpha,
                    mean = a$item.stats$mean, sd = a$item.stats$sd))
}

validity <- function(x, scales) {
  cc <- x[complete.cases(x), ]
  R <- cor(cc)
  n <- nrow(cc)
  k <- KMO(R)
  b <- cortest.bartlett(R, n = n)
  f <- fa(cc, nfactors = length(scales), fm = "minres", rotate = "varimax", warnings = FALSE)
  L <- unclass(f$loadings)
  model <- paste(sapply(names(scales), function(s)
    paste(s, "=~", paste(unlist(scales[[s]]$items), collapse = " + "))), collapse = "\n")
  fit <- cfa(model, data = x)            # lavaan's default listwise deletion: the same rows
  ss <- standardizedSolution(fit)
  ld <- ss[ss$op == "=~", ]
  fm <- fitMeasures(fit, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
                           "rmsea.ci.upper", "srmr", "aic", "bic", "ntotal"))
  list(n = n, items = colnames(cc),
       kmo = list(overall = k$MSA, items = unname(k$MSAi)),
       bartlett = list(chi2 = b$chisq, df = b$df, p = b$p.value),
       efa = list(loadings = unname(lapply(seq_len(nrow(L)), function(i) unname(L[i, ]))),
                  communalities = unname(f$communality)),
       cfa = list(fit = as.list(unclass(fm)),
                  loadings = list(factor = ld$lhs, item = ld$rhs, std = ld$est.std)))
}

term_names <- function(x, factors) {
  x <- sub("^\\(Intercept\\)$", "const", x)
  for (v in names(factors)) x <- sub(paste0("^", v, "([0-9]+)$"), paste0(v, "=\\1"), x)
  x
}

regression <- function(d, predictors, factors) {
  used <- c("participation", predictors)
  cc <- d[complete.cases(d[, used]), used]
  for (v in intersect(names(factors), predictors))
    cc[[v]] <- factor(cc[[v]], levels = unlist(factors[[v]]))
  m <- lm(reformulate(predictors, "participation"), data = cc)
  s <- summary(m)
  X <- model.matrix(m)[, -1, drop = FALSE]
  cf <- s$coefficients
  list(n = nobs(m), r2 = s$r.squared, adj_r2 = s$adj.r.squared,
       f = unname(s$fstatistic[1]),
       f_p = unname(pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE)),
       sigma = s$sigma, aic = AIC(m), bic = BIC(m), loglik = as.numeric(logLik(m)),
       coefficients = list(term = term_names(rownames(cf), factors), b = unname(cf[, 1]),
                           se = unname(cf[, 2]), t = unname(cf[, 3]), p = unname(cf[, 4])),
       beta = as.list(setNames(coef(m)[-1] * apply(X, 2, sd) / sd(cc$participation),
                               term_names(colnames(X), factors))),
       vif = as.list(setNames(diag(solve(cor(X))), term_names(colnames(X), factors))))
}

out <- list(versions = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                            lavaan = as.character(packageVersion("lavaan")),
                            car = as.character(packageVersion("car"))))
for (study in names(studies)) {
  meta <- studies[[study]]
  d <- read.csv(paste0(study, "_items.csv"))
  scales <- meta$scales
  items <- unique(unlist(lapply(scales, function(s) unlist(s$items))))
  rel <- lapply(scales, function(s) reliability(d[, unlist(s$items)]))
  for (s in names(scales)) {
    its <- d[, unlist(scales[[s]]$items)]
    score <- rowMeans(its, na.rm = TRUE)
    score[rowSums(!is.na(its)) < scales[[s]]$min_items] <- NA
    if (scales[[s]]$score == "sum") score <- score * ncol(its)
    d[[s]] <- score
  }
  regs <- lapply(meta$regressions, function(p) regression(d, unlist(p), meta$factors))
  out[[study]] <- list(n = nrow(d), reliability = rel, validity = validity(d[, items], scales),
                       regressions = regs)
  cat(study, ": n =", nrow(d), "\n")
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "reference.json")
