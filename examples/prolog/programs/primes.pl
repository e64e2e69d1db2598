% Prime numbers: a sieve over lists, trial division, and prime factorisation.
:- initialization(main).

sieve([], []).
sieve([P|Xs], [P|Ps]) :- exclude(multiple_of(P), Xs, Ys), sieve(Ys, Ps).
multiple_of(P, X) :- X mod P =:= 0.

prime(2).
prime(N) :- N > 2, N mod 2 =\= 0, \+ has_factor(N, 3).
has_factor(N, F) :- F * F =< N, ( N mod F =:= 0 -> true ; F2 is F + 2, has_factor(N, F2) ).

factors(N, Fs) :- factors(N, 2, Fs).
factors(1, _, []) :- !.
factors(N, F, [F|Fs]) :- N mod F =:= 0, !, N1 is N // F, factors(N1, F, Fs).
factors(N, F, Fs) :- F * F > N, !, Fs = [N].
factors(N, F, Fs) :- F1 is F + 1, factors(N, F1, Fs).

goldbach(N, P-Q) :- between(2, N, P), prime(P), Q is N - P, Q >= P, prime(Q), !.

main :-
    numlist(2, 100, Ns), sieve(Ns, Ps), write(Ps), nl,
    length(Ps, Count), write(count(Count)), nl,
    findall(P, (between(1000, 1100, P), prime(P)), Big), write(Big), nl,
    forall(member(N, [360, 97, 1001, 65536, 999999]), (factors(N, Fs), write(N = Fs), nl)),
    forall(member(E, [28, 100, 1000]), (goldbach(E, G), write(E = G), nl)),
    halt.
