% Grammar rules: an arithmetic expression parser and evaluator, and a sentence grammar.
:- initialization(main).
:- set_prolog_flag(double_quotes, codes).

expr(V) --> term(T), expr_rest(T, V).
expr_rest(Acc, V) --> "+", !, term(T), { A1 is Acc + T }, expr_rest(A1, V).
expr_rest(Acc, V) --> "-", !, term(T), { A1 is Acc - T }, expr_rest(A1, V).
expr_rest(V, V) --> [].
term(V) --> factor(F), term_rest(F, V).
term_rest(Acc, V) --> "*", !, factor(F), { A1 is Acc * F }, term_rest(A1, V).
term_rest(Acc, V) --> "/", !, factor(F), { A1 is Acc // F }, term_rest(A1, V).
term_rest(V, V) --> [].
factor(V) --> "(", !, expr(V), ")".
factor(V) --> digits(Ds), { Ds \== [], number_codes(V, Ds) }.
digits([D|T]) --> digit(D), !, digits(T).
digits([]) --> [].
digit(D) --> [D], { D >= 0'0, D =< 0'9 }.

sentence(s(NP, VP)) --> noun_phrase(NP), verb_phrase(VP).
noun_phrase(np(D, N)) --> det(D), noun(N).
verb_phrase(vp(V, NP)) --> verb(V), noun_phrase(NP).
verb_phrase(vp(V)) --> verb(V).
det(d(the)) --> [the].
det(d(a)) --> [a].
noun(n(cat)) --> [cat].
noun(n(dog)) --> [dog].
noun(n(bird)) --> [bird].
verb(v(sees)) --> [sees].
verb(v(chases)) --> [chases].

greeting --> [hello], name.
name --> [world].
name --> [prolog].

calc(Text) :-
    atom_codes(Text, Cs),
    ( phrase(expr(V), Cs) -> format("~w = ~w~n", [Text, V]) ; format("~w: no parse~n", [Text]) ).

main :-
    calc('1+2*3'), calc('(1+2)*3'), calc('100/7-2'), calc('2*(3+4)*5'), calc('1+'),
    phrase(sentence(T1), [the, cat, sees, a, dog]), write(T1), nl,
    phrase(sentence(T2), [a, bird, chases]), write(T2), nl,
    ( phrase(sentence(_), [cat, the]) -> write(parsed) ; write(rejected) ), nl,
    findall(S, (member(N1, [cat, dog]), member(N2, [bird]), phrase(sentence(_), S),
                S = [_, N1, _, _, N2]), Ss), length(Ss, Count), write(Count), nl,
    findall(G, phrase(greeting, G), Gs), write(Gs), nl,
    phrase(digits(Ds), "123abc", Rest), atom_codes(DA, Ds), atom_codes(RA, Rest), write(DA/RA), nl,
    halt.
